import { Page } from '../../common/paging/paging';
import { CollectionView } from '../../common/paging/collection-scope';
import { EdiscoveryCase } from '../domain/case.aggregate';

/** Reads collections of a tenant's cases with the client's query options. */
export abstract class CaseCatalog {
  abstract page(tenantId: string, view: CollectionView): Promise<Page<EdiscoveryCase>>;
}
