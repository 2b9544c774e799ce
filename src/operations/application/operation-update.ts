import { CaseOperation, ResultInfo } from '../domain/case-operation.aggregate';
import { OperationStatus } from '../domain/operation-status';
import { CaseAction } from '../domain/case-action';
import { OperationProperties, OperationType } from '../domain/operation-type';

/** What a PATCH of an operation asks for; absent fields are left as they are. */
export interface OperationUpdate {
  /** The action and type never change; when sent, they must be the current ones. */
  readonly action?: CaseAction;
  readonly type?: OperationType;
  readonly status?: OperationStatus;
  readonly percentProgress?: number;
  readonly completedDateTime?: Date;
  readonly resultInfo?: ResultInfo;
  readonly properties?: OperationProperties;
}

/**
 * Turns a partial update into the operation's own commands, so that every rule stays in the
 * aggregate: a status names what happened (started, succeeded, failed …), and fields sent
 * without a status change are reported progress or a late result.
 */
export function applyOperationUpdate(
  operation: CaseOperation,
  update: OperationUpdate,
  now: Date,
): void {
  operation.atomically(() => {
    operation.confirmKind(update.action, update.type);
    operation.recordProperties(update.properties ?? {});

    const target = update.status ?? operation.status;
    if (target === operation.status && target !== 'running') applyFieldsOnly(operation, update);
    else moveTo(operation, target, update, now);
  });
}

function moveTo(
  operation: CaseOperation,
  target: OperationStatus,
  update: OperationUpdate,
  now: Date,
): void {
  const { percentProgress, completedDateTime, resultInfo } = update;
  const outcome = { percentProgress, completedDateTime, resultInfo };

  switch (target) {
    case 'running':
      if (operation.status === 'notStarted') operation.start(percentProgress);
      else operation.reportProgress(percentProgress ?? operation.snapshot().percentProgress);
      return applyFieldsOnly(operation, { completedDateTime, resultInfo });
    case 'succeeded':
      return operation.succeed(outcome, now);
    case 'partiallySucceeded':
      return operation.partiallySucceed(outcome, now);
    case 'failed':
      return operation.fail(outcome, now);
    case 'submissionFailed':
      return operation.failSubmission(outcome, now);
    case 'notStarted':
      return operation.refuseMove(target);
  }
}

function applyFieldsOnly(operation: CaseOperation, update: OperationUpdate): void {
  if (update.percentProgress !== undefined) operation.reportProgress(update.percentProgress);
  if (update.completedDateTime !== undefined) operation.refuseCompletionTime();
  if (update.resultInfo !== undefined) operation.recordResult(update.resultInfo);
}
