import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import { applyVersionedChange, ExpectedVersion } from '../../common/application/versioned-change';
import { Caller } from '../../common/domain/caller';
import { CollectionView, Page } from '../../common/paging/page';
import { CaseDetails, EdiscoveryCase } from '../domain/case.aggregate';
import { CaseNotFound } from '../domain/case.errors';
import { CaseRepository } from '../domain/case.repository';
import { CaseCatalog } from './case.catalog';

export interface CaseCreation {
  readonly displayName: string;
  readonly description?: string | null;
  readonly externalId?: string | null;
}

/** The use cases of a case: open, read, describe, close, reopen, delete. */
@Injectable()
export class CaseService {
  private readonly logger = new Logger(CaseService.name);

  constructor(
    private readonly cases: CaseRepository,
    private readonly catalog: CaseCatalog,
  ) {}

  list(caller: Caller, view: CollectionView): Promise<Page<EdiscoveryCase>> {
    return this.catalog.page(caller.tenantId, view);
  }

  async create(caller: Caller, creation: CaseCreation): Promise<EdiscoveryCase> {
    const ediscoveryCase = EdiscoveryCase.open(
      { ...creation, tenantId: caller.tenantId, id: randomUUID(), createdBy: caller.identity },
      new Date(),
    );

    await this.cases.add(ediscoveryCase);
    this.logger.log({ msg: 'Opened case', caseId: ediscoveryCase.id });
    return ediscoveryCase;
  }

  async get(caller: Caller, caseId: string): Promise<EdiscoveryCase> {
    const found = await this.cases.findById(caller.tenantId, caseId);
    if (found === null) throw new CaseNotFound(caseId);
    return found;
  }

  describe(
    caller: Caller,
    caseId: string,
    details: CaseDetails,
    expectedVersion?: ExpectedVersion,
  ): Promise<EdiscoveryCase> {
    return this.change(caller, caseId, expectedVersion, (found) =>
      found.describe(details, caller.identity, new Date()),
    );
  }

  async close(caller: Caller, caseId: string): Promise<EdiscoveryCase> {
    const closed = await this.change(caller, caseId, undefined, (found) =>
      found.close(caller.identity, new Date()),
    );
    this.logger.log({ msg: 'Closed case', caseId });
    return closed;
  }

  async reopen(caller: Caller, caseId: string): Promise<EdiscoveryCase> {
    const reopened = await this.change(caller, caseId, undefined, (found) =>
      found.reopen(caller.identity, new Date()),
    );
    this.logger.log({ msg: 'Reopened case', caseId });
    return reopened;
  }

  /** Deletes a closed case together with all of its operations. */
  async delete(caller: Caller, caseId: string, expectedVersion?: ExpectedVersion): Promise<void> {
    await applyVersionedChange({
      load: () => this.get(caller, caseId),
      change: (found) => found.checkDeletable(),
      save: async (found) =>
        (await this.cases.removeClosed(caller.tenantId, caseId, found.version)) ? found : null,
      expectedVersion,
    });
    this.logger.log({ msg: 'Deleted case', caseId });
  }

  private change(
    caller: Caller,
    caseId: string,
    expectedVersion: ExpectedVersion,
    change: (found: EdiscoveryCase) => void,
  ): Promise<EdiscoveryCase> {
    return applyVersionedChange({
      load: () => this.get(caller, caseId),
      change,
      save: (found) => this.cases.saveIfUnchanged(found),
      expectedVersion,
    });
  }
}
