import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CaseNotFound } from '../../cases/domain/case.errors';
import { FilterExpression, filterToSql, listQueryToSql } from '../../common/odata';
import { CollectionView } from '../../common/paging/collection-scope';
import { Page, Paging } from '../../common/paging/paging';
import { CaseOperationCatalog } from '../application/case-operation.catalog';
import { CaseOperation } from '../domain/case-operation.aggregate';
import { EVOLVED_ACTIONS } from '../domain/case-action';
import { CaseOperationEntity } from './case-operation.entity';
import { CaseOperationMapper } from './case-operation.mapper';
import { OPERATION_LIST_SCHEMA, operationValueOf } from './case-operation.list-schema';

const COLUMNS = `o.tenant_id AS "tenantId", o.id, o.case_id AS "caseId", o.action, o.status,
  o.percent_progress AS "percentProgress", o.created_at AS "createdAt",
  o.completed_at AS "completedAt", o.created_by AS "createdBy", o.result_info AS "resultInfo",
  o.properties, o.version`;

/** Lists a case's operations as one keyset-paged SQL query over the listing index. */
@Injectable()
export class TypeOrmCaseOperationCatalog extends CaseOperationCatalog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly paging: Paging,
  ) {
    super();
  }

  async page(tenantId: string, caseId: string, view: CollectionView): Promise<Page<CaseOperation>> {
    const request = this.paging.request(view.query, OPERATION_LIST_SCHEMA, {
      tenantId,
      collection: `cases/${caseId}/operations`,
      refusedEnumMembers: refusedActions(view),
    });
    await this.requireCase(tenantId, caseId);

    const { options } = request;
    const sql = listQueryToSql(options, OPERATION_LIST_SCHEMA.properties, 3, request.cursor);
    const rows = await this.dataSource.query<CaseOperationEntity[]>(
      `SELECT ${COLUMNS} FROM case_operation o
       WHERE ${['o.tenant_id = $1', 'o.case_id = $2', ...sql.conditions].join(' AND ')}
       ${sql.orderBy} OFFSET ${options.skip} LIMIT $${sql.nextParameter}`,
      [tenantId, caseId, ...sql.params, options.top + 1],
    );

    const count = options.count
      ? await this.countMatching(tenantId, caseId, options.filter)
      : undefined;
    const operations = rows.map((row) => CaseOperationMapper.toDomain(row));
    return this.paging.page(request, OPERATION_LIST_SCHEMA, operations, operationValueOf, count);
  }

  async count(tenantId: string, caseId: string, view: CollectionView): Promise<number> {
    const { options } = this.paging.request(view.query, OPERATION_LIST_SCHEMA, {
      tenantId,
      collection: `cases/${caseId}/operations`,
      refusedEnumMembers: refusedActions(view),
    });
    await this.requireCase(tenantId, caseId);
    return this.countMatching(tenantId, caseId, options.filter);
  }

  private async countMatching(
    tenantId: string,
    caseId: string,
    expression: FilterExpression | undefined,
  ): Promise<number> {
    const filter =
      expression === undefined
        ? { sql: 'TRUE', params: [] }
        : filterToSql(expression, OPERATION_LIST_SCHEMA.properties, 3);

    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM case_operation o
       WHERE o.tenant_id = $1 AND o.case_id = $2 AND ${filter.sql}`,
      [tenantId, caseId, ...filter.params],
    );
    return Number(row.count);
  }

  private async requireCase(tenantId: string, caseId: string): Promise<void> {
    const found = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM ediscovery_case WHERE tenant_id = $1 AND id = $2',
      [tenantId, caseId],
    );
    if (found.length === 0) throw new CaseNotFound(caseId);
  }
}

function refusedActions(view: CollectionView): Record<string, string[]> {
  return view.includeUnknownEnumMembers ? {} : { action: [...EVOLVED_ACTIONS] };
}
