import { CollectionView, Page } from '../../common/paging/page';
import { EdiscoveryCase } from '../domain/case.aggregate';

/** Reads collections of a tenant's cases with the client's query options. */
export abstract class CaseCatalog {
  abstract page(tenantId: string, view: CollectionView): Promise<Page<EdiscoveryCase>>;
}
