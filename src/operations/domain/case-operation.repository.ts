import { CaseOperation } from './case-operation.aggregate';

/** Where case operations are kept. Every method is scoped to one tenant and one case. */
export abstract class CaseOperationRepository {
  /**
   * Stores a new operation, provided its case exists and is active at that moment.
   * @throws CaseNotFound, CaseNotActive
   */
  abstract addToActiveCase(operation: CaseOperation): Promise<void>;

  abstract findById(tenantId: string, caseId: string, id: string): Promise<CaseOperation | null>;

  /**
   * Saves the operation if nobody changed it since it was read (its version still matches).
   * @returns the operation as stored, with its new version; null when another writer got there
   * first or the operation is gone.
   */
  abstract saveIfUnchanged(operation: CaseOperation): Promise<CaseOperation | null>;

  /** @returns false when the operation did not exist or had another version. */
  abstract remove(
    tenantId: string,
    caseId: string,
    id: string,
    expectedVersion?: number,
  ): Promise<boolean>;
}
