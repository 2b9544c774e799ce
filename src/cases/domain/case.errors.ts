import { DomainError } from '../../common/domain/domain-error';
import { CaseStatus } from './case-status';

export class CaseNotFound extends DomainError {
  readonly code = 'caseNotFound';
  readonly kind = 'notFound';

  constructor(caseId: string) {
    super(`No case with id '${caseId}' exists.`);
  }
}

export class CaseNameTaken extends DomainError {
  readonly code = 'nameAlreadyExists';
  readonly kind = 'conflict';

  constructor(displayName: string) {
    super(`A case named '${displayName}' already exists.`, 'displayName');
  }
}

export class CaseNotActive extends DomainError {
  readonly code = 'caseNotActive';
  readonly kind = 'conflict';

  constructor(status: CaseStatus) {
    super(`The case is '${status}'; only an active case accepts new operations.`);
  }
}

export class CaseAlreadyClosed extends DomainError {
  readonly code = 'caseAlreadyClosed';
  readonly kind = 'conflict';

  constructor() {
    super('The case is already closed.');
  }
}

export class CaseNotClosed extends DomainError {
  readonly code = 'caseNotClosed';
  readonly kind = 'conflict';

  constructor(status: CaseStatus, action: 'reopened' | 'deleted') {
    super(`The case is '${status}'; only a closed case can be ${action}.`);
  }
}
