import { DomainError } from '../../../src/common/domain/domain-error';
import { IdentitySet } from '../../../src/common/domain/identity-set';
import {
  CaseOperation,
  CaseOperationState,
  OperationSubmission,
} from '../../../src/operations/domain/case-operation.aggregate';
import { OperationStatus } from '../../../src/operations/domain/operation-status';

export const CREATED = new Date('2026-03-01T10:00:00Z');
export const LATER = new Date('2026-03-01T11:00:00Z');

export const submitter: IdentitySet = {
  user: { id: 'user-1', displayName: 'Ada Lovelace' },
  application: null,
  device: null,
};

/** A new export operation in its default status, with whatever the test overrides. */
export function submitted(overrides: Partial<OperationSubmission> = {}): CaseOperation {
  return CaseOperation.submit(
    {
      tenantId: 'tenant-1',
      caseId: 'case-1',
      id: 'operation-1',
      action: 'contentExport',
      createdBy: submitter,
      ...overrides,
    },
    CREATED,
  );
}

/** An operation brought to `status` through the public commands only. */
export function operationIn(
  status: OperationStatus,
  overrides: Partial<OperationSubmission> = {},
): CaseOperation {
  const operation = submitted(overrides);
  if (status === 'notStarted') return operation;
  if (status === 'submissionFailed') {
    operation.failSubmission({}, LATER);
    return operation;
  }

  operation.start(40);
  if (status === 'succeeded') operation.succeed({}, LATER);
  if (status === 'partiallySucceeded') operation.partiallySucceed({}, LATER);
  if (status === 'failed') operation.fail({}, LATER);
  return operation;
}

/** Runs something that must be refused by the domain and returns the refusal. */
export function refusalOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

/** A copy of the stored state that later commands cannot reach. */
export function copyOf(state: CaseOperationState): CaseOperationState {
  return {
    ...state,
    createdDateTime: new Date(state.createdDateTime),
    completedDateTime: state.completedDateTime && new Date(state.completedDateTime),
    createdBy: { ...state.createdBy },
    resultInfo: state.resultInfo && { ...state.resultInfo },
    properties: { ...state.properties },
  };
}
