import { IdentitySet } from '../../common/domain/identity-set';
import { CaseAlreadyClosed, CaseNotActive, CaseNotClosed } from './case.errors';
import { CaseStatus } from './case-status';

/** Everything a case is, as stored. */
export interface CaseState {
  readonly tenantId: string;
  readonly id: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly externalId: string | null;
  readonly status: CaseStatus;
  readonly createdDateTime: Date;
  readonly lastModifiedDateTime: Date;
  readonly closedDateTime: Date | null;
  readonly createdBy: IdentitySet;
  readonly lastModifiedBy: IdentitySet;
  readonly closedBy: IdentitySet | null;
  readonly version: number;
}

/** The descriptive fields a caller may change. */
export interface CaseDetails {
  readonly displayName?: string;
  readonly description?: string | null;
  readonly externalId?: string | null;
}

export interface NewCase {
  readonly tenantId: string;
  readonly id: string;
  readonly displayName: string;
  readonly description?: string | null;
  readonly externalId?: string | null;
  readonly createdBy: IdentitySet;
}

/** An eDiscovery case: the container of operations, open for work while it is active. */
export class EdiscoveryCase {
  private constructor(private state: CaseState) {}

  static open(input: NewCase, now: Date): EdiscoveryCase {
    return new EdiscoveryCase({
      tenantId: input.tenantId,
      id: input.id,
      displayName: input.displayName,
      description: input.description ?? null,
      externalId: input.externalId ?? null,
      status: 'active',
      createdDateTime: now,
      lastModifiedDateTime: now,
      closedDateTime: null,
      createdBy: input.createdBy,
      lastModifiedBy: input.createdBy,
      closedBy: null,
      version: 1,
    });
  }

  /** Rebuilds a case from what was stored; no rule is checked again. */
  static restore(state: CaseState): EdiscoveryCase {
    return new EdiscoveryCase(state);
  }

  get id(): string {
    return this.state.id;
  }

  get status(): CaseStatus {
    return this.state.status;
  }

  /** Rises by one with every saved change; the basis of ETags and compare-and-set. */
  get version(): number {
    return this.state.version;
  }

  snapshot(): CaseState {
    return this.state;
  }

  describe(details: CaseDetails, by: IdentitySet, now: Date): void {
    this.state = { ...this.state, ...definedOnly(details), ...this.modification(by, now) };
  }

  close(by: IdentitySet, now: Date): void {
    if (this.state.status === 'closed') throw new CaseAlreadyClosed();
    this.checkAcceptsOperations();

    this.state = {
      ...this.state,
      status: 'closed',
      closedDateTime: now,
      closedBy: by,
      ...this.modification(by, now),
    };
  }

  reopen(by: IdentitySet, now: Date): void {
    if (this.state.status !== 'closed') throw new CaseNotClosed(this.state.status, 'reopened');

    this.state = {
      ...this.state,
      status: 'active',
      closedDateTime: null,
      closedBy: null,
      ...this.modification(by, now),
    };
  }

  checkAcceptsOperations(): void {
    if (this.state.status !== 'active') throw new CaseNotActive(this.state.status);
  }

  checkDeletable(): void {
    if (this.state.status !== 'closed') throw new CaseNotClosed(this.state.status, 'deleted');
  }

  private modification(by: IdentitySet, now: Date): Partial<CaseState> {
    return { lastModifiedBy: by, lastModifiedDateTime: now };
  }
}

function definedOnly(details: CaseDetails): CaseDetails {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
}
