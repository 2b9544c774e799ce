import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { selectPage } from '../../common/database/keyset-page.query';
import { CollectionView, Page } from '../../common/paging/page';
import { Paging } from '../../common/paging/paging';
import { CaseCatalog } from '../application/case.catalog';
import { EdiscoveryCase } from '../domain/case.aggregate';
import { CaseEntity } from './case.entity';
import { CaseMapper } from './case.mapper';
import { CASE_LIST_SCHEMA, caseValueOf } from './case.list-schema';

const COLUMNS = `c.tenant_id AS "tenantId", c.id, c.display_name AS "displayName", c.description,
  c.external_id AS "externalId", c.status, c.created_at AS "createdAt",
  c.last_modified_at AS "lastModifiedAt", c.closed_at AS "closedAt", c.created_by AS "createdBy",
  c.last_modified_by AS "lastModifiedBy", c.closed_by AS "closedBy", c.version`;

/** Lists a tenant's cases as one keyset-paged query. */
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
    const { rows, count } = await selectPage<CaseEntity>(
      this.dataSource,
      {
        from: 'ediscovery_case c',
        columns: COLUMNS,
        scope: ['c.tenant_id = $1'],
        params: [tenantId],
      },
      CASE_LIST_SCHEMA,
      request,
    );

    const cases = rows.map((row) => CaseMapper.toDomain(row));
    return this.paging.page(request, CASE_LIST_SCHEMA, cases, caseValueOf, count);
  }
}
