import { DomainError } from '../../common/domain/domain-error';
import { OperationStatus } from './operation-status';

export class OperationNotFound extends DomainError {
  readonly code = 'operationNotFound';
  readonly kind = 'notFound';

  constructor(operationId: string) {
    super(`No operation with id '${operationId}' exists in this case.`);
  }
}

export class StatusTransitionRefused extends DomainError {
  readonly code = 'statusTransitionRefused';
  readonly kind = 'conflict';

  constructor(from: OperationStatus, to: OperationStatus) {
    super(`An operation cannot move from '${from}' to '${to}'.`, 'status');
  }
}

export class OperationAlreadyFinished extends DomainError {
  readonly code = 'operationAlreadyFinished';
  readonly kind = 'conflict';

  constructor(status: OperationStatus, target?: string) {
    super(`The operation has finished with status '${status}' and can no longer change.`, target);
  }
}

export class InitialStatusRefused extends DomainError {
  readonly code = 'initialStatusRefused';
  readonly kind = 'invalid';

  constructor(status: OperationStatus) {
    super(
      `An operation cannot be created with status '${status}'; ` +
        `use 'notStarted', 'running' or 'submissionFailed'.`,
      'status',
    );
  }
}

export class ProgressDecreased extends DomainError {
  readonly code = 'progressDecreased';
  readonly kind = 'conflict';

  constructor(current: number, requested: number) {
    super(`percentProgress cannot decrease from ${current} to ${requested}.`, 'percentProgress');
  }
}

export class ProgressOutOfRange extends DomainError {
  readonly code = 'progressOutOfRange';
  readonly kind = 'invalid';

  constructor(progress: number) {
    super(
      `percentProgress must be an integer from 0 to 100; ${progress} was supplied.`,
      'percentProgress',
    );
  }
}

export class ProgressBeforeStart extends DomainError {
  readonly code = 'progressBeforeStart';
  readonly kind = 'conflict';

  constructor() {
    super(`percentProgress must stay 0 while the operation is 'notStarted'.`, 'percentProgress');
  }
}

export class SuccessWithoutFullProgress extends DomainError {
  readonly code = 'successWithoutFullProgress';
  readonly kind = 'invalid';

  constructor(progress: number) {
    super(
      `A succeeded operation has percentProgress 100; ${progress} was supplied.`,
      'percentProgress',
    );
  }
}

export class CompletionTimeOutOfRange extends DomainError {
  readonly code = 'completionTimeOutOfRange';
  readonly kind = 'invalid';

  constructor() {
    super(
      "completedDateTime must lie between the operation's createdDateTime and now.",
      'completedDateTime',
    );
  }
}

export class CompletionTimeBeforeFinish extends DomainError {
  readonly code = 'completionTimeBeforeFinish';
  readonly kind = 'conflict';

  constructor() {
    super('completedDateTime can only be set together with a final status.', 'completedDateTime');
  }
}

export class ResultBeforeFinish extends DomainError {
  readonly code = 'resultBeforeFinish';
  readonly kind = 'conflict';

  constructor() {
    super('resultInfo can only be written with or after a final status.', 'resultInfo');
  }
}

export class ResultAlreadyRecorded extends DomainError {
  readonly code = 'resultAlreadyRecorded';
  readonly kind = 'conflict';

  constructor() {
    super('The operation has finished and its resultInfo is already recorded.', 'resultInfo');
  }
}

export class ActionDoesNotMatchType extends DomainError {
  readonly code = 'actionDoesNotMatchType';
  readonly kind = 'invalid';

  constructor(action: string, type: string, expectedType: string | undefined) {
    const expected = expectedType ? `'#microsoft.graph.ediscovery.${expectedType}'` : 'no type';
    super(
      `An operation of type '#microsoft.graph.ediscovery.${type}' cannot have action ` +
        `'${action}'; that action belongs to ${expected}.`,
      '@odata.type',
    );
  }
}

export class PropertyNotOfType extends DomainError {
  readonly code = 'propertyNotOfType';
  readonly kind = 'invalid';

  constructor(property: string, type: string) {
    super(
      `Property '${property}' does not exist on type '#microsoft.graph.ediscovery.${type}'.`,
      property,
    );
  }
}

export class ActionIsFixed extends DomainError {
  readonly code = 'actionIsFixed';
  readonly kind = 'invalid';

  constructor(property: 'action' | '@odata.type', current: string) {
    super(`The operation's ${property} is '${current}' and cannot change.`, property);
  }
}
