import { DomainError } from '../../../src/common/domain/domain-error';
import { applyOperationUpdate } from '../../../src/operations/application/operation-update';
import { CaseOperation } from '../../../src/operations/domain/case-operation.aggregate';
import {
  InitialStatusRefused,
  OperationAlreadyFinished,
  StatusTransitionRefused,
} from '../../../src/operations/domain/case-operation.errors';
import {
  FINAL_STATUSES,
  OPERATION_STATUSES,
  OperationStatus,
} from '../../../src/operations/domain/operation-status';
import { LATER, operationIn, refusalOf, submitted } from './case-operation.fixture';

/** The status rules of "caseops decisions", written out independently of src/. */
const ALLOWED: Readonly<Record<OperationStatus, readonly OperationStatus[]>> = {
  notStarted: ['running', 'failed', 'submissionFailed'],
  running: ['running', 'succeeded', 'partiallySucceeded', 'failed'],
  submissionFailed: [],
  succeeded: [],
  partiallySucceeded: [],
  failed: [],
};
const FINAL: readonly OperationStatus[] = [
  'succeeded',
  'partiallySucceeded',
  'failed',
  'submissionFailed',
];

type Expectation =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly error: new (...args: never[]) => DomainError;
      code: string;
    };

function expectedMove(from: OperationStatus, to: OperationStatus): Expectation {
  if (FINAL.includes(from)) {
    return { allowed: false, error: OperationAlreadyFinished, code: 'operationAlreadyFinished' };
  }
  if (ALLOWED[from].includes(to)) return { allowed: true };
  return { allowed: false, error: StatusTransitionRefused, code: 'statusTransitionRefused' };
}

/** The command whose name says what happened; there is none that moves back to notStarted. */
const COMMANDS: Partial<Record<OperationStatus, (operation: CaseOperation) => void>> = {
  running: (operation) => operation.start(50),
  succeeded: (operation) => operation.succeed({}, LATER),
  partiallySucceeded: (operation) => operation.partiallySucceed({}, LATER),
  failed: (operation) => operation.fail({}, LATER),
  submissionFailed: (operation) => operation.failSubmission({}, LATER),
};

const verdictOf = (expected: Expectation) =>
  expected.allowed ? 'it is allowed' : `it is refused with ${expected.code}`;

const pairs = OPERATION_STATUSES.flatMap((from) =>
  OPERATION_STATUSES.map((to) => {
    const expected = expectedMove(from, to);
    return { from, to, expected, verdict: verdictOf(expected) };
  }),
);
const commandPairs = pairs.filter(({ to }) => COMMANDS[to] !== undefined);

function expectOutcome(
  operation: CaseOperation,
  to: OperationStatus,
  expected: Expectation,
  run: () => void,
): void {
  if (expected.allowed) {
    run();
    expect(operation.status).toBe(to);
    return;
  }
  const before = operation.snapshot();
  const error = refusalOf(run);
  expect(error).toBeInstanceOf(expected.error);
  expect(error.code).toBe(expected.code);
  expect(operation.snapshot()).toEqual(before);
}

describe('CaseOperation status transitions', () => {
  it('lists the six statuses of the namespace and the four final ones', () => {
    expect([...OPERATION_STATUSES].sort()).toEqual(Object.keys(ALLOWED).sort());
    expect([...FINAL_STATUSES].sort()).toEqual([...FINAL].sort());
  });

  describe('through the command that names the new status', () => {
    it.each(commandPairs)(
      'when a $from operation moves to $to, then $verdict',
      ({ from, to, expected }) => {
        const operation = operationIn(from);
        const command = COMMANDS[to];
        if (command === undefined) throw new Error(`no command for ${to}`);

        expectOutcome(operation, to, expected, () => command(operation));
      },
    );
  });

  describe('through a PATCH that sends the new status', () => {
    const moves = pairs.filter(({ from, to }) => from !== to || from === 'running');

    it.each(moves)(
      'when a $from operation is sent $to, then $verdict',
      ({ from, to, expected }) => {
        const operation = operationIn(from);

        expectOutcome(operation, to, expected, () =>
          applyOperationUpdate(operation, { status: to }, LATER),
        );
      },
    );

    it.each(OPERATION_STATUSES.filter((status) => status !== 'running'))(
      'when a PATCH restates the current status %s, then nothing changes',
      (status) => {
        const operation = operationIn(status);
        const before = operation.snapshot();

        applyOperationUpdate(operation, { status }, LATER);

        expect(operation.snapshot()).toEqual(before);
      },
    );
  });

  describe('the status an operation is created in', () => {
    it('when no status is sent, then the operation is notStarted with progress 0', () => {
      const operation = submitted();

      expect(operation.status).toBe('notStarted');
      expect(operation.snapshot().percentProgress).toBe(0);
    });

    it.each(['notStarted', 'running', 'submissionFailed'] as const)(
      'when created as %s, then it is in that status',
      (status) => {
        expect(submitted({ status }).status).toBe(status);
      },
    );

    it.each(['succeeded', 'partiallySucceeded', 'failed'] as const)(
      'when created as %s, then it is refused with initialStatusRefused',
      (status) => {
        const error = refusalOf(() => submitted({ status }));

        expect(error).toBeInstanceOf(InitialStatusRefused);
        expect(error.code).toBe('initialStatusRefused');
        expect(error.target).toBe('status');
      },
    );
  });
});
