import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import { applyVersionedChange, ExpectedVersion } from '../../common/application/versioned-change';
import { Caller } from '../../common/domain/caller';
import { CollectionView, Page } from '../../common/paging/page';
import { CaseOperation, OperationSubmission, ResultInfo } from '../domain/case-operation.aggregate';
import { OperationNotFound } from '../domain/case-operation.errors';
import { CaseOperationRepository } from '../domain/case-operation.repository';
import { CaseAction } from '../domain/case-action';
import { OperationStatus } from '../domain/operation-status';
import { OperationProperties, OperationType } from '../domain/operation-type';
import { CaseOperationCatalog } from './case-operation.catalog';
import { applyOperationUpdate, OperationUpdate } from './operation-update';

/** What a caller supplies to create an operation; the rest is the server's. */
export interface OperationRequest {
  readonly action: CaseAction;
  readonly type?: OperationType;
  readonly status?: OperationStatus;
  readonly percentProgress?: number;
  readonly completedDateTime?: Date;
  readonly resultInfo?: ResultInfo;
  readonly properties?: OperationProperties;
}

/** The use cases of a case operation: submit, read, report progress and outcome, delete. */
@Injectable()
export class CaseOperationService {
  private readonly logger = new Logger(CaseOperationService.name);

  constructor(
    private readonly operations: CaseOperationRepository,
    private readonly catalog: CaseOperationCatalog,
  ) {}

  list(caller: Caller, caseId: string, view: CollectionView): Promise<Page<CaseOperation>> {
    return this.catalog.page(caller.tenantId, caseId, view);
  }

  count(caller: Caller, caseId: string, view: CollectionView): Promise<number> {
    return this.catalog.count(caller.tenantId, caseId, view);
  }

  async create(caller: Caller, caseId: string, request: OperationRequest): Promise<CaseOperation> {
    const submission: OperationSubmission = {
      ...request,
      tenantId: caller.tenantId,
      caseId,
      id: randomUUID(),
      createdBy: caller.identity,
    };
    const operation = CaseOperation.submit(submission, new Date());

    await this.operations.addToActiveCase(operation);
    this.logger.log({
      msg: 'Created operation',
      caseId,
      operationId: operation.id,
      action: request.action,
      status: operation.status,
    });
    return operation;
  }

  async get(caller: Caller, caseId: string, operationId: string): Promise<CaseOperation> {
    const found = await this.operations.findById(caller.tenantId, caseId, operationId);
    if (found === null) throw new OperationNotFound(operationId);
    return found;
  }

  async update(
    caller: Caller,
    caseId: string,
    operationId: string,
    update: OperationUpdate,
    expectedVersion?: ExpectedVersion,
  ): Promise<CaseOperation> {
    let from: OperationStatus | undefined;
    const saved = await applyVersionedChange({
      load: () => this.get(caller, caseId, operationId),
      change: (operation) => {
        from = operation.status;
        applyOperationUpdate(operation, update, new Date());
      },
      save: (operation) => this.operations.saveIfUnchanged(operation),
      expectedVersion,
    });

    if (from !== saved.status) {
      this.logger.log({ msg: 'Operation changed status', operationId, from, to: saved.status });
    }
    return saved;
  }

  async delete(
    caller: Caller,
    caseId: string,
    operationId: string,
    expectedVersion?: ExpectedVersion,
  ): Promise<void> {
    await applyVersionedChange({
      load: () => this.get(caller, caseId, operationId),
      change: () => undefined,
      save: async (operation) => {
        const removed = await this.operations.remove(
          caller.tenantId,
          caseId,
          operationId,
          operation.version,
        );
        return removed ? operation : null;
      },
      expectedVersion,
    });
    this.logger.log({ msg: 'Deleted operation', caseId, operationId });
  }
}
