import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CaseNotFound } from '../../cases/domain/case.errors';
import { CollectionSource, countRows, selectPage } from '../../common/database/keyset-page.query';
import { CollectionView, Page } from '../../common/paging/page';
import { PageRequest, Paging } from '../../common/paging/paging';
import { CaseOperationCatalog } from '../application/case-operation.catalog';
import { CaseOperation } from '../domain/case-operation.aggregate';
import { EVOLVED_ACTIONS } from '../domain/case-action';
import { OPERATION_COLUMNS } from './case-operation.columns';
import { CaseOperationEntity } from './case-operation.entity';
import { CaseOperationMapper } from './case-operation.mapper';
import { OPERATION_LIST_SCHEMA, operationValueOf } from './case-operation.list-schema';

/**
 * Lists a case's operations as one keyset-paged query over the listing index. Whether the case
 * exists is asked only when nothing matched, since any row proves it.
 */
@Injectable()
export class TypeOrmCaseOperationCatalog extends CaseOperationCatalog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly paging: Paging,
  ) {
    super();
  }

  async page(tenantId: string, caseId: string, view: CollectionView): Promise<Page<CaseOperation>> {
    const request = this.request(tenantId, caseId, view);
    const { rows, count } = await selectPage<CaseOperationEntity>(
      this.dataSource,
      operationSource(tenantId, caseId),
      OPERATION_LIST_SCHEMA,
      request,
    );
    if (rows.length === 0) await this.requireCase(tenantId, caseId);

    const operations = rows.map((row) => CaseOperationMapper.toDomain(row));
    return this.paging.page(request, OPERATION_LIST_SCHEMA, operations, operationValueOf, count);
  }

  async count(tenantId: string, caseId: string, view: CollectionView): Promise<number> {
    const { options } = this.request(tenantId, caseId, view);
    const count = await countRows(
      this.dataSource,
      operationSource(tenantId, caseId),
      OPERATION_LIST_SCHEMA,
      options.filter,
    );
    if (count === 0) await this.requireCase(tenantId, caseId);
    return count;
  }

  private request(tenantId: string, caseId: string, view: CollectionView): PageRequest {
    return this.paging.request(view.query, OPERATION_LIST_SCHEMA, {
      tenantId,
      collection: `cases/${caseId}/operations`,
      refusedEnumMembers: view.includeUnknownEnumMembers ? {} : { action: [...EVOLVED_ACTIONS] },
    });
  }

  private async requireCase(tenantId: string, caseId: string): Promise<void> {
    const found = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM ediscovery_case WHERE tenant_id = $1 AND id = $2',
      [tenantId, caseId],
    );
    if (found.length === 0) throw new CaseNotFound(caseId);
  }
}

/** The operations of one case, as the catalog reads them. */
export function operationSource(tenantId: string, caseId: string): CollectionSource {
  return {
    from: 'case_operation o',
    columns: OPERATION_COLUMNS,
    scope: ['o.tenant_id = $1', 'o.case_id = $2'],
    params: [tenantId, caseId],
  };
}
