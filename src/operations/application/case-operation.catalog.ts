import { CollectionView, Page } from '../../common/paging/page';
import { CaseOperation } from '../domain/case-operation.aggregate';

/** Reads collections of a case's operations with the client's query options. */
export abstract class CaseOperationCatalog {
  /** @throws CaseNotFound when the tenant has no such case. */
  abstract page(
    tenantId: string,
    caseId: string,
    view: CollectionView,
  ): Promise<Page<CaseOperation>>;

  /** How many operations match the view's `$filter`. @throws CaseNotFound */
  abstract count(tenantId: string, caseId: string, view: CollectionView): Promise<number>;
}
