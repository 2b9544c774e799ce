import { EdiscoveryCase } from './case.aggregate';

/** Where cases are kept. Every method is scoped to one tenant. */
export abstract class CaseRepository {
  /** @throws CaseNameTaken when the tenant already has a case of that name. */
  abstract add(ediscoveryCase: EdiscoveryCase): Promise<void>;

  abstract findById(tenantId: string, id: string): Promise<EdiscoveryCase | null>;

  /**
   * Saves the case if nobody changed it since it was read (its version still matches).
   * @returns the case as stored with its new version, or null when another writer got there
   * first or the case is gone.
   * @throws CaseNameTaken
   */
  abstract saveIfUnchanged(ediscoveryCase: EdiscoveryCase): Promise<EdiscoveryCase | null>;

  /**
   * Deletes a closed case and its operations if its version still matches.
   * @returns false when the case changed or is gone meanwhile.
   */
  abstract removeClosed(tenantId: string, id: string, version: number): Promise<boolean>;
}
