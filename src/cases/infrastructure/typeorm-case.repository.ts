import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';

import { AmbientTransaction } from '../../common/database/ambient-transaction';
import { isUniqueViolation } from '../../common/database/postgres-errors';
import { EdiscoveryCase } from '../domain/case.aggregate';
import { CaseNameTaken } from '../domain/case.errors';
import { CaseRepository } from '../domain/case.repository';
import { CaseEntity } from './case.entity';
import { CaseMapper } from './case.mapper';

const DISPLAY_NAME_INDEX = 'ediscovery_case_display_name_key';

@Injectable()
export class TypeOrmCaseRepository extends CaseRepository {
  private readonly rows: Repository<CaseEntity>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(CaseEntity);
  }

  async add(ediscoveryCase: EdiscoveryCase): Promise<void> {
    const state = ediscoveryCase.snapshot();
    const rows = AmbientTransaction.managerOf(this.dataSource).getRepository(CaseEntity);
    await this.translateNameClash(state.displayName, () => rows.insert(CaseMapper.toRow(state)));
  }

  async findById(tenantId: string, id: string): Promise<EdiscoveryCase | null> {
    const row = await this.rows.findOneBy({ tenantId, id });
    return row === null ? null : CaseMapper.toDomain(row);
  }

  async saveIfUnchanged(ediscoveryCase: EdiscoveryCase): Promise<EdiscoveryCase | null> {
    const state = ediscoveryCase.snapshot();
    const { tenantId, id, version, ...changes } = CaseMapper.toRow(state);

    const result = await this.translateNameClash(state.displayName, () =>
      this.rows
        .createQueryBuilder()
        .update()
        .set({ ...changes, version: () => 'version + 1' })
        .where('tenant_id = :tenantId AND id = :id AND version = :version', {
          tenantId,
          id,
          version,
        })
        .execute(),
    );

    if (result.affected !== 1) return null;
    return EdiscoveryCase.restore({ ...state, version: version + 1 });
  }

  async removeClosed(tenantId: string, id: string, version: number): Promise<boolean> {
    const result = await this.rows.delete({ tenantId, id, version, status: 'closed' });
    return result.affected === 1;
  }

  private async translateNameClash<T>(displayName: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, DISPLAY_NAME_INDEX)) throw new CaseNameTaken(displayName);
      throw error;
    }
  }
}
