import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { filterToSql, listQueryToSql } from '../../common/odata';
import { CollectionView } from '../../common/paging/collection-scope';
import { Page, Paging } from '../../common/paging/paging';
import { CaseCatalog } from '../application/case.catalog';
import { EdiscoveryCase } from '../domain/case.aggregate';
import { CaseEntity } from './case.entity';
import { CaseMapper } from './case.mapper';
import { CASE_LIST_SCHEMA, caseValueOf } from './case.list-schema';

const COLUMNS = `c.tenant_id AS "tenantId", c.id, c.display_name AS "displayName", c.description,
  c.external_id AS "externalId", c.status, c.created_at AS "createdAt",
  c.last_modified_at AS "lastModifiedAt", c.closed_at AS "closedAt", c.created_by AS "createdBy",
  c.last_modified_by AS "lastModifiedBy", c.closed_by AS "closedBy", c.version`;

/** Lists a tenant's cases as one keyset-paged SQL query. */
@Injectable()
export class TypeOrmCaseCatalog extends CaseCatalog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly paging: Paging,
  ) {
    super();
  }

  async page(tenantId: string, view: CollectionView): Promise<Page<EdiscoveryCase>> {
    const request = this.paging.request(view.query, CASE_LIST_SCHEMA, {
      tenantId,
      collection: 'cases',
    });
    const { options } = request;
    const sql = listQueryToSql(options, CASE_LIST_SCHEMA.properties, 2, request.cursor);

    const rows = await this.dataSource.query<CaseEntity[]>(
      `SELECT ${COLUMNS} FROM ediscovery_case c
       WHERE ${['c.tenant_id = $1', ...sql.conditions].join(' AND ')}
       ${sql.orderBy} OFFSET ${options.skip} LIMIT $${sql.nextParameter}`,
      [tenantId, ...sql.params, options.top + 1],
    );

    const count = options.count ? await this.countMatching(tenantId, request.options) : undefined;
    const cases = rows.map((row) => CaseMapper.toDomain(row));
    return this.paging.page(request, CASE_LIST_SCHEMA, cases, caseValueOf, count);
  }

  private async countMatching(
    tenantId: string,
    options: { filter?: Parameters<typeof filterToSql>[0] },
  ): Promise<number> {
    const filter =
      options.filter === undefined
        ? { sql: 'TRUE', params: [] }
        : filterToSql(options.filter, CASE_LIST_SCHEMA.properties, 2);
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM ediscovery_case c WHERE c.tenant_id = $1 AND ${filter.sql}`,
      [tenantId, ...filter.params],
    );
    return Number(row.count);
  }
}
