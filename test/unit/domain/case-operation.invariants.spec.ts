import { DomainError } from '../../../src/common/domain/domain-error';
import {
  applyOperationUpdate,
  OperationUpdate,
} from '../../../src/operations/application/operation-update';
import { CaseOperation, ResultInfo } from '../../../src/operations/domain/case-operation.aggregate';
import { CaseAction } from '../../../src/operations/domain/case-action';
import {
  ActionDoesNotMatchType,
  ActionIsFixed,
  CompletionTimeBeforeFinish,
  CompletionTimeOutOfRange,
  OperationAlreadyFinished,
  ProgressBeforeStart,
  ProgressDecreased,
  ProgressOutOfRange,
  PropertyNotOfType,
  ResultAlreadyRecorded,
  ResultBeforeFinish,
  SuccessWithoutFullProgress,
} from '../../../src/operations/domain/case-operation.errors';
import { OperationStatus } from '../../../src/operations/domain/operation-status';
import { OperationType } from '../../../src/operations/domain/operation-type';
import {
  copyOf,
  CREATED,
  LATER,
  operationIn,
  refusalOf,
  submitted,
} from './case-operation.fixture';

type ErrorClass = new (...args: never[]) => DomainError;

const FINAL = ['succeeded', 'partiallySucceeded', 'failed', 'submissionFailed'] as const;
const BEFORE_FINAL = ['notStarted', 'running'] as const;
const result: ResultInfo = { code: 7, message: 'exported 12 items', subcode: 2 };
const minutesAfterCreation = (minutes: number) => new Date(CREATED.getTime() + minutes * 60_000);

function expectRefused(run: () => unknown, error: ErrorClass, code: string): DomainError {
  const refusal = refusalOf(run);
  expect(refusal).toBeInstanceOf(error);
  expect(refusal.code).toBe(code);
  return refusal;
}

function running(percentProgress = 40, action: CaseAction = 'contentExport'): CaseOperation {
  const operation = submitted({ action });
  operation.start(percentProgress);
  return operation;
}

const FINISHERS = {
  succeeded: (operation: CaseOperation, now: Date, completedDateTime?: Date) =>
    operation.succeed({ completedDateTime }, now),
  partiallySucceeded: (operation: CaseOperation, now: Date, completedDateTime?: Date) =>
    operation.partiallySucceed({ completedDateTime }, now),
  failed: (operation: CaseOperation, now: Date, completedDateTime?: Date) =>
    operation.fail({ completedDateTime }, now),
  submissionFailed: (operation: CaseOperation, now: Date, completedDateTime?: Date) =>
    operation.failSubmission({ completedDateTime }, now),
} as const;

/** An operation from which each final status can be reached. */
const readyFor = (status: (typeof FINAL)[number]) =>
  status === 'submissionFailed' ? submitted() : running();

describe('CaseOperation invariants', () => {
  describe('percentProgress', () => {
    it.each([-1, 101, 50.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'when %p is reported, then it is refused as out of range',
      (progress) => {
        const error = expectRefused(
          () => running().reportProgress(progress),
          ProgressOutOfRange,
          'progressOutOfRange',
        );
        expect(error.target).toBe('percentProgress');
      },
    );

    it('when an operation is created running with progress 150, then it is refused', () => {
      expectRefused(
        () => submitted({ status: 'running', percentProgress: 150 }),
        ProgressOutOfRange,
        'progressOutOfRange',
      );
    });

    it('accepts the bounds 0 and 100 while running', () => {
      const operation = running(0);
      operation.reportProgress(100);

      expect(operation.snapshot().percentProgress).toBe(100);
      expect(operation.status).toBe('running');
    });

    it('when progress goes back, then it is refused and the old value stays', () => {
      const operation = running(40);

      expectRefused(() => operation.reportProgress(39), ProgressDecreased, 'progressDecreased');
      expect(operation.snapshot().percentProgress).toBe(40);
    });

    it('when the same progress is reported again, then it is accepted', () => {
      const operation = running(40);
      operation.reportProgress(40);

      expect(operation.snapshot().percentProgress).toBe(40);
    });

    it('when an outcome reports less progress than reached, then it is refused', () => {
      expectRefused(
        () => running(40).partiallySucceed({ percentProgress: 10 }, LATER),
        ProgressDecreased,
        'progressDecreased',
      );
      expectRefused(
        () => applyOperationUpdate(running(40), { status: 'failed', percentProgress: 39 }, LATER),
        ProgressDecreased,
        'progressDecreased',
      );
    });

    it('when progress is reported before the operation starts, then it is refused', () => {
      expectRefused(
        () => submitted().reportProgress(1),
        ProgressBeforeStart,
        'progressBeforeStart',
      );
      expectRefused(
        () => applyOperationUpdate(submitted(), { percentProgress: 5 }, LATER),
        ProgressBeforeStart,
        'progressBeforeStart',
      );
      expectRefused(
        () => submitted({ status: 'notStarted', percentProgress: 5 }),
        ProgressBeforeStart,
        'progressBeforeStart',
      );
    });

    it('when progress 0 is reported before the start, then it stays notStarted', () => {
      const operation = submitted();
      operation.reportProgress(0);

      expect(operation.status).toBe('notStarted');
      expect(operation.snapshot().percentProgress).toBe(0);
    });

    it('when an operation succeeds, then its progress becomes 100', () => {
      const operation = running(40);
      operation.succeed({}, LATER);

      expect(operation.snapshot().percentProgress).toBe(100);
    });

    it('when success is reported with progress 100, then it is accepted', () => {
      const operation = running(40);
      applyOperationUpdate(operation, { status: 'succeeded', percentProgress: 100 }, LATER);

      expect(operation.status).toBe('succeeded');
    });

    it.each([99, 0, 40])('when success is reported with progress %p, then it is refused', (p) => {
      expectRefused(
        () => running(40).succeed({ percentProgress: p }, LATER),
        SuccessWithoutFullProgress,
        'successWithoutFullProgress',
      );
      expectRefused(
        () => applyOperationUpdate(running(40), { status: 'succeeded', percentProgress: p }, LATER),
        SuccessWithoutFullProgress,
        'successWithoutFullProgress',
      );
    });

    it('when an operation fails or partly succeeds, then it keeps the progress it reached', () => {
      const failed = running(40);
      failed.fail({}, LATER);
      const partial = running(40);
      partial.partiallySucceed({ percentProgress: 70 }, LATER);

      expect(failed.snapshot().percentProgress).toBe(40);
      expect(partial.snapshot().percentProgress).toBe(70);
    });
  });

  describe('completedDateTime', () => {
    it.each(BEFORE_FINAL)('is null while the operation is %s', (status) => {
      expect(operationIn(status).snapshot().completedDateTime).toBeNull();
    });

    it.each(FINAL)('when the operation becomes %s, then it is set to now', (status) => {
      const operation = readyFor(status);
      FINISHERS[status](operation, LATER);

      expect(operation.snapshot().completedDateTime).toEqual(LATER);
    });

    it.each([
      ['the creation time', CREATED],
      ['a moment in between', minutesAfterCreation(30)],
      ['now', LATER],
    ])('when the supplied time is %s, then it is kept', (_, completedDateTime) => {
      const operation = running();
      operation.fail({ completedDateTime }, LATER);

      expect(operation.snapshot().completedDateTime).toEqual(completedDateTime);
    });

    it.each([
      ['before the creation time', minutesAfterCreation(-1)],
      ['after now', minutesAfterCreation(61)],
      ['not a date at all', new Date(Number.NaN)],
    ])('when the supplied time is %s, then it is refused', (_, completedDateTime) => {
      const operation = running();

      expectRefused(
        () => operation.fail({ completedDateTime }, LATER),
        CompletionTimeOutOfRange,
        'completionTimeOutOfRange',
      );
      expect(operation.status).toBe('running');
    });

    it.each(BEFORE_FINAL)(
      'when it is sent without a final status to a %s operation, then it is refused',
      (status) => {
        expectRefused(
          () => applyOperationUpdate(operationIn(status), { completedDateTime: LATER }, LATER),
          CompletionTimeBeforeFinish,
          'completionTimeBeforeFinish',
        );
        expectRefused(
          () => operationIn(status).refuseCompletionTime(),
          CompletionTimeBeforeFinish,
          'completionTimeBeforeFinish',
        );
      },
    );

    it('when a running operation is created with one, then it is refused', () => {
      expectRefused(
        () => submitted({ status: 'running', completedDateTime: CREATED }),
        CompletionTimeBeforeFinish,
        'completionTimeBeforeFinish',
      );
    });

    it('when an operation is created as submissionFailed, then it is completed at creation', () => {
      const operation = submitted({ status: 'submissionFailed' });

      expect(operation.snapshot().completedDateTime).toEqual(CREATED);
    });

    it.each(FINAL)('when it is sent after the operation is %s, then it is refused', (status) => {
      expectRefused(
        () => applyOperationUpdate(operationIn(status), { completedDateTime: LATER }, LATER),
        OperationAlreadyFinished,
        'operationAlreadyFinished',
      );
      expectRefused(
        () => operationIn(status).refuseCompletionTime(),
        OperationAlreadyFinished,
        'operationAlreadyFinished',
      );
    });
  });

  describe('anything sent after a final status is operationAlreadyFinished', () => {
    const lateUpdates: ReadonlyArray<[string, OperationStatus, OperationUpdate]> = [
      ['success with too little progress', 'failed', { status: 'succeeded', percentProgress: 50 }],
      ['a failure with less progress', 'succeeded', { status: 'failed', percentProgress: 10 }],
      [
        'an outcome completed before creation',
        'partiallySucceeded',
        { status: 'failed', completedDateTime: minutesAfterCreation(-5) },
      ],
      ['more progress', 'failed', { percentProgress: 90 }],
      ['a new status', 'succeeded', { status: 'partiallySucceeded' }],
    ];

    it.each(lateUpdates)('when %s is sent after %s, then it is refused', (_, status, update) => {
      const operation = operationIn(status);
      const before = operation.snapshot();

      expectRefused(
        () => applyOperationUpdate(operation, update, LATER),
        OperationAlreadyFinished,
        'operationAlreadyFinished',
      );
      expect(operation.snapshot()).toEqual(before);
    });
  });

  describe('resultInfo', () => {
    it.each(BEFORE_FINAL)('when it is recorded while %s, then it is refused', (status) => {
      expectRefused(
        () => operationIn(status).recordResult(result),
        ResultBeforeFinish,
        'resultBeforeFinish',
      );
      expectRefused(
        () => applyOperationUpdate(operationIn(status), { resultInfo: result }, LATER),
        ResultBeforeFinish,
        'resultBeforeFinish',
      );
    });

    it('when a running operation is created with one, then it is refused', () => {
      expectRefused(
        () => submitted({ status: 'running', resultInfo: result }),
        ResultBeforeFinish,
        'resultBeforeFinish',
      );
    });

    it('when it is sent with the final status, then it is recorded', () => {
      const operation = running();
      applyOperationUpdate(operation, { status: 'failed', resultInfo: result }, LATER);

      expect(operation.snapshot().resultInfo).toEqual(result);
    });

    it('when an operation is finished without one, then it may be recorded once later', () => {
      const operation = operationIn('failed');
      operation.recordResult(result);

      expect(operation.snapshot().resultInfo).toEqual(result);
      expectRefused(
        () => operation.recordResult({ ...result, code: 8 }),
        ResultAlreadyRecorded,
        'resultAlreadyRecorded',
      );
      expect(operation.snapshot().resultInfo).toEqual(result);
    });

    it('when one came with the final status, then a later one is refused', () => {
      const operation = running();
      operation.succeed({ resultInfo: result }, LATER);

      expectRefused(
        () => applyOperationUpdate(operation, { resultInfo: { ...result, subcode: 3 } }, LATER),
        ResultAlreadyRecorded,
        'resultAlreadyRecorded',
      );
    });
  });

  describe('action and type', () => {
    const natural: ReadonlyArray<[CaseAction, OperationType]> = [
      ['contentExport', 'caseExportOperation'],
      ['applyTags', 'tagOperation'],
      ['convertToPdf', 'caseOperation'],
      ['index', 'caseIndexOperation'],
      ['estimateStatistics', 'estimateStatisticsOperation'],
      ['addToReviewSet', 'addToReviewSetOperation'],
      ['holdUpdate', 'caseHoldOperation'],
      ['purgeData', 'purgeDataOperation'],
    ];

    it.each(natural)('when the action is %s, then the type is %s', (action, type) => {
      expect(submitted({ action }).snapshot().type).toBe(type);
      expect(submitted({ action, type }).snapshot()).toMatchObject({ action, type });
    });

    it.each([
      ['contentExport', 'tagOperation'],
      ['convertToPdf', 'caseExportOperation'],
      ['purgeData', 'caseOperation'],
    ] as const)('when action %s comes with type %s, then it is refused', (action, type) => {
      const error = expectRefused(
        () => submitted({ action, type }),
        ActionDoesNotMatchType,
        'actionDoesNotMatchType',
      );
      expect(error.target).toBe('@odata.type');
    });

    it('when the action is unknownFutureValue, then no type fits and it is refused', () => {
      expectRefused(
        () => submitted({ action: 'unknownFutureValue' }),
        ActionDoesNotMatchType,
        'actionDoesNotMatchType',
      );
    });

    it('when the current action and type are restated, then nothing changes', () => {
      const operation = running();
      const before = operation.snapshot();
      operation.confirmKind('contentExport', 'caseExportOperation');
      applyOperationUpdate(
        operation,
        { action: 'contentExport', type: 'caseExportOperation' },
        LATER,
      );

      expect(operation.snapshot()).toEqual(before);
    });

    it('when another action or type is sent, then it is refused as fixed', () => {
      const operation = running();

      const action = expectRefused(
        () => operation.confirmKind('index', undefined),
        ActionIsFixed,
        'actionIsFixed',
      );
      const type = expectRefused(
        () => applyOperationUpdate(operation, { type: 'caseIndexOperation' }, LATER),
        ActionIsFixed,
        'actionIsFixed',
      );
      expect([action.target, type.target]).toEqual(['action', '@odata.type']);
      expect(operation.snapshot()).toMatchObject({
        action: 'contentExport',
        type: 'caseExportOperation',
      });
    });
  });

  describe('type-specific properties', () => {
    it('when an export records its own properties, then they are merged', () => {
      const operation = submitted({ properties: { outputName: 'batch-1' } });
      operation.recordProperties({ exportStructure: 'pst' });

      expect(operation.snapshot().properties).toEqual({
        outputName: 'batch-1',
        exportStructure: 'pst',
      });
    });

    it('when an estimate records its counts, then they are kept', () => {
      const operation = running(10, 'estimateStatistics');
      applyOperationUpdate(operation, { properties: { mailboxCount: 3, siteCount: 0 } }, LATER);

      expect(operation.snapshot().properties).toEqual({ mailboxCount: 3, siteCount: 0 });
    });

    it.each([
      ['contentExport', 'siteCount'],
      ['estimateStatistics', 'outputName'],
      ['applyTags', 'description'],
      ['contentExport', 'unknownThing'],
    ] as const)(
      'when an operation of action %s gets %s, then it is refused',
      (action, property) => {
        const error = expectRefused(
          () => running(10, action).recordProperties({ [property]: 'x' }),
          PropertyNotOfType,
          'propertyNotOfType',
        );
        expect(error.target).toBe(property);
        expectRefused(
          () => submitted({ action, properties: { [property]: 'x' } }),
          PropertyNotOfType,
          'propertyNotOfType',
        );
      },
    );

    it.each(FINAL)('when properties are sent after %s, then they are refused', (status) => {
      expectRefused(
        () => operationIn(status).recordProperties({ outputName: 'late' }),
        OperationAlreadyFinished,
        'operationAlreadyFinished',
      );
    });
  });

  describe('a refused command', () => {
    it('leaves a snapshot taken before it intact', () => {
      const operation = running(40);
      const snapshot = operation.snapshot();
      const copy = copyOf(snapshot);

      refusalOf(() => operation.reportProgress(10));
      refusalOf(() => operation.succeed({ percentProgress: 50 }, LATER));
      refusalOf(() => operation.recordProperties({ siteCount: 1 }));

      expect(snapshot).toEqual(copy);
    });

    const refusals: ReadonlyArray<[string, () => CaseOperation, (op: CaseOperation) => void]> = [
      ['progress that goes back', () => running(40), (op) => op.reportProgress(10)],
      ['success below 100', () => running(40), (op) => op.succeed({ percentProgress: 50 }, LATER)],
      [
        'a late completion time',
        () => running(),
        (op) => op.fail({ completedDateTime: LATER }, CREATED),
      ],
      ['a foreign property', () => running(), (op) => op.recordProperties({ siteCount: 1 })],
      ['a start with progress 150', () => submitted(), (op) => op.start(150)],
      [
        'a PATCH that starts with a resultInfo',
        () => submitted(),
        (op) => applyOperationUpdate(op, { status: 'running', resultInfo: result }, LATER),
      ],
      [
        'a PATCH with properties and progress 150',
        () => running(),
        (op) =>
          applyOperationUpdate(
            op,
            { properties: { outputName: 'x' }, percentProgress: 150 },
            LATER,
          ),
      ],
      [
        'a PATCH with progress and a completion time',
        () => running(40),
        (op) => applyOperationUpdate(op, { percentProgress: 60, completedDateTime: LATER }, LATER),
      ],
    ];

    it.each(refusals)('when it is %s, then the operation is unchanged', (_, make, command) => {
      const operation = make();
      const before = copyOf(operation.snapshot());

      refusalOf(() => command(operation));

      expect(operation.snapshot()).toEqual(before);
    });
  });
});
