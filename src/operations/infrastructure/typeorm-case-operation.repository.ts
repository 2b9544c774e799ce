import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';

import { CaseNotActive, CaseNotFound } from '../../cases/domain/case.errors';
import { CaseStatus } from '../../cases/domain/case-status';
import { AmbientTransaction } from '../../common/database/ambient-transaction';
import { CaseOperation } from '../domain/case-operation.aggregate';
import { CaseOperationRepository } from '../domain/case-operation.repository';
import { OPERATION_COLUMNS } from './case-operation.columns';
import { CaseOperationEntity } from './case-operation.entity';
import { CaseOperationMapper } from './case-operation.mapper';

/**
 * One statement: lock the case row against a concurrent close (FOR SHARE waits for it and then
 * sees its outcome), insert only into an active case, and report what the case was.
 */
const INSERT_INTO_ACTIVE_CASE = `
  WITH target AS (
    SELECT status FROM ediscovery_case WHERE tenant_id = $1 AND id = $2 FOR SHARE
  ), inserted AS (
    INSERT INTO case_operation (tenant_id, case_id, id, action, status, percent_progress,
      created_at, completed_at, created_by, result_info, properties)
    SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM target WHERE status = 'active'
    RETURNING 1
  )
  SELECT (SELECT status FROM target) AS case_status, (SELECT count(*) FROM inserted) AS inserted`;

const SELECT_ONE = `SELECT ${OPERATION_COLUMNS} FROM case_operation o
  WHERE o.tenant_id = $1 AND o.case_id = $2 AND o.id = $3`;

/** A compare-and-set: only the fields that can change, and only on the version that was read. */
const UPDATE_IF_UNCHANGED = `UPDATE case_operation SET status = $5, percent_progress = $6,
    completed_at = $7, result_info = $8, properties = $9, version = version + 1
  WHERE tenant_id = $1 AND case_id = $2 AND id = $3 AND version = $4`;

interface InsertOutcome {
  readonly case_status: CaseStatus | null;
  readonly inserted: string;
}

@Injectable()
export class TypeOrmCaseOperationRepository extends CaseOperationRepository {
  private readonly rows: Repository<CaseOperationEntity>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(CaseOperationEntity);
  }

  async addToActiveCase(operation: CaseOperation): Promise<void> {
    const row = CaseOperationMapper.toRow(operation.snapshot());
    const manager = AmbientTransaction.managerOf(this.dataSource);
    const [outcome] = await manager.query<InsertOutcome[]>(INSERT_INTO_ACTIVE_CASE, [
      row.tenantId,
      row.caseId,
      row.id,
      row.action,
      row.status,
      row.percentProgress,
      row.createdAt,
      row.completedAt,
      JSON.stringify(row.createdBy),
      row.resultInfo === null ? null : JSON.stringify(row.resultInfo),
      JSON.stringify(row.properties),
    ]);

    if (outcome.case_status === null) throw new CaseNotFound(row.caseId);
    if (outcome.inserted !== '1') throw new CaseNotActive(outcome.case_status);
  }

  async findById(tenantId: string, caseId: string, id: string): Promise<CaseOperation | null> {
    const [row] = await this.dataSource.query<CaseOperationEntity[]>(SELECT_ONE, [
      tenantId,
      caseId,
      id,
    ]);
    return row === undefined ? null : CaseOperationMapper.toDomain(row);
  }

  async saveIfUnchanged(operation: CaseOperation): Promise<CaseOperation | null> {
    const state = operation.snapshot();
    const row = CaseOperationMapper.toRow(state);

    const [, affected] = await this.dataSource.query<[unknown[], number]>(UPDATE_IF_UNCHANGED, [
      row.tenantId,
      row.caseId,
      row.id,
      row.version,
      row.status,
      row.percentProgress,
      row.completedAt,
      row.resultInfo === null ? null : JSON.stringify(row.resultInfo),
      JSON.stringify(row.properties),
    ]);

    if (affected !== 1) return null;
    return CaseOperation.restore({ ...state, version: state.version + 1 });
  }

  async remove(
    tenantId: string,
    caseId: string,
    id: string,
    expectedVersion?: number,
  ): Promise<boolean> {
    const criteria = { tenantId, caseId, id };
    const result = await this.rows.delete(
      expectedVersion === undefined ? criteria : { ...criteria, version: expectedVersion },
    );
    return result.affected === 1;
  }
}
