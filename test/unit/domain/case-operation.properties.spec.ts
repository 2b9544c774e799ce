import fc from 'fast-check';

import { DomainError } from '../../../src/common/domain/domain-error';
import {
  applyOperationUpdate,
  OperationUpdate,
} from '../../../src/operations/application/operation-update';
import {
  CaseOperation,
  CaseOperationState,
  OperationOutcome,
  ResultInfo,
} from '../../../src/operations/domain/case-operation.aggregate';
import { CASE_ACTIONS, CaseAction } from '../../../src/operations/domain/case-action';
import { OPERATION_STATUSES } from '../../../src/operations/domain/operation-status';
import {
  ESTIMATE_PROPERTIES,
  EXPORT_PROPERTIES,
  OPERATION_TYPE_NAMES,
  OperationProperties,
} from '../../../src/operations/domain/operation-type';
import { CREATED, submitter } from './case-operation.fixture';

const FINAL = ['succeeded', 'partiallySucceeded', 'failed', 'submissionFailed'];
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  notStarted: ['running', 'failed', 'submissionFailed'],
  running: ['running', 'succeeded', 'partiallySucceeded', 'failed'],
};
const MINUTE = 60_000;
const TYPED_ACTIONS = CASE_ACTIONS.filter((action) => action !== 'unknownFutureValue');

type Command =
  | { readonly kind: 'start'; readonly progress?: number }
  | { readonly kind: 'reportProgress'; readonly progress: number }
  | {
      readonly kind: 'succeed' | 'partiallySucceed' | 'fail' | 'failSubmission';
      readonly outcome: OperationOutcome;
    }
  | { readonly kind: 'recordResult'; readonly resultInfo: ResultInfo }
  | { readonly kind: 'recordProperties'; readonly properties: OperationProperties }
  | { readonly kind: 'update'; readonly update: OperationUpdate };

const progressArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -3, max: 103 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, 12.5, Number.POSITIVE_INFINITY) },
);
/** Times around the operation's life: some before creation, some after the step's `now`. */
const dateArb = fc
  .integer({ min: -10, max: 40 })
  .map((m) => new Date(CREATED.getTime() + m * MINUTE));
const resultArb: fc.Arbitrary<ResultInfo> = fc.record({
  code: fc.integer({ min: -5, max: 500 }),
  message: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
  subcode: fc.integer({ min: -5, max: 50 }),
});
const propertiesArb: fc.Arbitrary<OperationProperties> = fc.dictionary(
  fc.constantFrom(...EXPORT_PROPERTIES, ...ESTIMATE_PROPERTIES, 'notAProperty'),
  fc.oneof(fc.string({ maxLength: 6 }), fc.nat(1_000), fc.constant(null)),
  { maxKeys: 2 },
);
/** Mostly sensible, sometimes absent, sometimes out of range. */
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });
const outcomeArb: fc.Arbitrary<OperationOutcome> = fc.record({
  percentProgress: maybe(fc.oneof(fc.constant(100), progressArb)),
  completedDateTime: maybe(dateArb),
  resultInfo: maybe(resultArb),
});
const updateArb: fc.Arbitrary<OperationUpdate> = fc.record({
  action: maybe(fc.constantFrom(...CASE_ACTIONS)),
  type: maybe(fc.constantFrom(...OPERATION_TYPE_NAMES)),
  status: fc.option(fc.constantFrom(...OPERATION_STATUSES), { nil: undefined, freq: 4 }),
  percentProgress: maybe(fc.oneof(fc.constant(100), progressArb)),
  completedDateTime: maybe(dateArb),
  resultInfo: maybe(resultArb),
  properties: maybe(propertiesArb),
});
const finishArb = fc.constantFrom('succeed', 'partiallySucceed', 'fail', 'failSubmission' as const);

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record(
    { kind: fc.constant('start' as const), progress: progressArb },
    { requiredKeys: ['kind'] },
  ),
  fc.record({ kind: fc.constant('reportProgress' as const), progress: progressArb }),
  fc.record({ kind: finishArb, outcome: outcomeArb }),
  fc.record({ kind: fc.constant('recordResult' as const), resultInfo: resultArb }),
  fc.record({ kind: fc.constant('recordProperties' as const), properties: propertiesArb }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('update' as const), update: updateArb }) },
);

const submissionArb = fc.record({
  action: fc.constantFrom<CaseAction>(...TYPED_ACTIONS),
  status: fc.constantFrom('notStarted' as const, 'running' as const, 'submissionFailed' as const),
  progress: fc.integer({ min: 0, max: 100 }),
});

function run(operation: CaseOperation, command: Command, now: Date): void {
  switch (command.kind) {
    case 'start':
      return operation.start(command.progress);
    case 'reportProgress':
      return operation.reportProgress(command.progress);
    case 'succeed':
    case 'partiallySucceed':
    case 'fail':
    case 'failSubmission':
      return operation[command.kind](command.outcome, now);
    case 'recordResult':
      return operation.recordResult(command.resultInfo);
    case 'recordProperties':
      return operation.recordProperties(command.properties);
    case 'update':
      return applyOperationUpdate(operation, command.update, now);
  }
}

/** Runs a command; a domain refusal is an expected answer, anything else is a bug. */
function attempt(operation: CaseOperation, command: Command, now: Date): void {
  try {
    run(operation, command, now);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
}

function checkStep(before: CaseOperationState, after: CaseOperationState, now: Date): void {
  const { percentProgress, status, completedDateTime } = after;
  expect(Number.isInteger(percentProgress)).toBe(true);
  expect(percentProgress).toBeGreaterThanOrEqual(Math.max(0, before.percentProgress));
  expect(percentProgress).toBeLessThanOrEqual(100);
  expect(completedDateTime !== null).toBe(FINAL.includes(status));
  if (completedDateTime !== null) {
    expect(completedDateTime.getTime()).toBeGreaterThanOrEqual(after.createdDateTime.getTime());
    expect(completedDateTime.getTime()).toBeLessThanOrEqual(now.getTime());
  }
  if (status === 'notStarted') expect(percentProgress).toBe(0);
  if (status === 'succeeded') expect(percentProgress).toBe(100);
  if (after.resultInfo !== null) expect(FINAL).toContain(status);
  if (status !== before.status) expect(ALLOWED[before.status] ?? []).toContain(status);
  expect({ action: after.action, type: after.type, version: after.version }).toEqual({
    action: before.action,
    type: before.type,
    version: 1,
  });
}

/** Once final, only a missing resultInfo may still be filled in. */
function checkFinalIsFrozen(before: CaseOperationState, after: CaseOperationState): void {
  if (!FINAL.includes(before.status)) return;
  const resultInfo = before.resultInfo ?? after.resultInfo;
  expect(after).toEqual({ ...before, resultInfo });
}

describe('CaseOperation under random commands', () => {
  it('keeps every status invariant after each step, refused or not', () => {
    fc.assert(
      fc.property(
        submissionArb,
        fc.array(commandArb, { maxLength: 25 }),
        (submission, commands) => {
          const operation = CaseOperation.submit(
            {
              tenantId: 'tenant-1',
              caseId: 'case-1',
              id: 'operation-1',
              action: submission.action,
              status: submission.status,
              percentProgress: submission.status === 'running' ? submission.progress : undefined,
              createdBy: submitter,
            },
            CREATED,
          );

          commands.forEach((command, step) => {
            const now = new Date(CREATED.getTime() + (step + 1) * MINUTE);
            const before = operation.snapshot();
            attempt(operation, command, now);
            const after = operation.snapshot();

            checkStep(before, after, now);
            checkFinalIsFrozen(before, after);
            expect(operation.isFinished).toBe(FINAL.includes(after.status));
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reaches every status from random commands, so the invariants are not checked vacuously', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 25 }), (commands) => {
        const operation = CaseOperation.submit(
          {
            tenantId: 'tenant-1',
            caseId: 'case-1',
            id: 'operation-1',
            action: 'contentExport',
            createdBy: submitter,
          },
          CREATED,
        );
        commands.forEach((command, step) => {
          attempt(operation, command, new Date(CREATED.getTime() + (step + 1) * MINUTE));
          reached.add(operation.status);
        });
      }),
      { numRuns: 300, seed: 42 },
    );

    expect([...reached].sort()).toEqual([...OPERATION_STATUSES].sort());
  });
});
