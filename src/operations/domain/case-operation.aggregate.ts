import { IdentitySet } from '../../common/domain/identity-set';
import { CaseAction } from './case-action';
import {
  ActionDoesNotMatchType,
  ActionIsFixed,
  CompletionTimeBeforeFinish,
  CompletionTimeOutOfRange,
  InitialStatusRefused,
  OperationAlreadyFinished,
  ProgressBeforeStart,
  ProgressDecreased,
  ProgressOutOfRange,
  PropertyNotOfType,
  ResultAlreadyRecorded,
  ResultBeforeFinish,
  StatusTransitionRefused,
  SuccessWithoutFullProgress,
} from './case-operation.errors';
import {
  INITIAL_STATUSES,
  isAllowedMove,
  isFinalStatus,
  OperationStatus,
} from './operation-status';
import {
  OperationProperties,
  OperationType,
  propertiesOfType,
  typeForAction,
} from './operation-type';

/** Graph's resultInfo: how an operation ended, in the caller's own codes. */
export interface ResultInfo {
  readonly code: number;
  readonly message: string | null;
  readonly subcode: number;
}

/** Everything an operation is, as stored. */
export interface CaseOperationState {
  readonly tenantId: string;
  readonly caseId: string;
  readonly id: string;
  readonly type: OperationType;
  readonly action: CaseAction;
  readonly status: OperationStatus;
  readonly percentProgress: number;
  readonly createdDateTime: Date;
  readonly completedDateTime: Date | null;
  readonly createdBy: IdentitySet;
  readonly resultInfo: ResultInfo | null;
  readonly properties: OperationProperties;
  readonly version: number;
}

/** What a caller asks for when it submits a new operation. */
export interface OperationSubmission {
  readonly tenantId: string;
  readonly caseId: string;
  readonly id: string;
  readonly action: CaseAction;
  readonly type?: OperationType;
  readonly status?: OperationStatus;
  readonly percentProgress?: number;
  readonly completedDateTime?: Date;
  readonly resultInfo?: ResultInfo;
  readonly properties?: OperationProperties;
  readonly createdBy: IdentitySet;
}

/** How an operation ended: optional details a caller reports with the final status. */
export interface OperationOutcome {
  readonly percentProgress?: number;
  readonly completedDateTime?: Date;
  readonly resultInfo?: ResultInfo;
}

/**
 * A long-running operation of an eDiscovery case. It owns every status rule: which status it
 * may start in, which moves are allowed, that progress never goes back, and that an outcome
 * is final.
 */
export class CaseOperation {
  private constructor(private state: CaseOperationState) {}

  static submit(submission: OperationSubmission, now: Date): CaseOperation {
    const type = resolveType(submission.action, submission.type);
    const status = submission.status ?? 'notStarted';
    if (!INITIAL_STATUSES.includes(status)) throw new InitialStatusRefused(status);

    const operation = new CaseOperation({
      tenantId: submission.tenantId,
      caseId: submission.caseId,
      id: submission.id,
      type,
      action: submission.action,
      status: 'notStarted',
      percentProgress: 0,
      createdDateTime: now,
      completedDateTime: null,
      createdBy: submission.createdBy,
      resultInfo: null,
      properties: {},
      version: 1,
    });

    operation.recordProperties(submission.properties ?? {});
    operation.enterInitialStatus(status, submission, now);
    return operation;
  }

  /** Rebuilds an operation from what was stored; no rule is checked again. */
  static restore(state: CaseOperationState): CaseOperation {
    return new CaseOperation(state);
  }

  get id(): string {
    return this.state.id;
  }

  get status(): OperationStatus {
    return this.state.status;
  }

  get isFinished(): boolean {
    return isFinalStatus(this.state.status);
  }

  /** Rises by one with every saved change; the basis of ETags and compare-and-set. */
  get version(): number {
    return this.state.version;
  }

  snapshot(): CaseOperationState {
    return this.state;
  }

  /**
   * Runs several commands as one change: if any of them is refused, none of them took effect.
   * Each command on its own is already all-or-nothing.
   */
  atomically(commands: () => void): void {
    const before = this.state;
    try {
      commands();
    } catch (error) {
      this.state = before;
      throw error;
    }
  }

  start(percentProgress = 0): void {
    this.atomically(() => {
      this.moveTo('running');
      this.advanceProgress(percentProgress);
    });
  }

  reportProgress(percentProgress: number): void {
    if (this.state.status === 'notStarted' && percentProgress === 0) return;
    if (this.state.status === 'notStarted') throw new ProgressBeforeStart();

    this.atomically(() => {
      this.moveTo('running');
      this.advanceProgress(percentProgress);
    });
  }

  succeed(outcome: OperationOutcome, now: Date): void {
    this.checkNotFinished();
    const progress = outcome.percentProgress ?? 100;
    if (progress !== 100) throw new SuccessWithoutFullProgress(progress);

    this.finish('succeeded', { ...outcome, percentProgress: 100 }, now);
  }

  partiallySucceed(outcome: OperationOutcome, now: Date): void {
    this.finish('partiallySucceeded', outcome, now);
  }

  fail(outcome: OperationOutcome, now: Date): void {
    this.finish('failed', outcome, now);
  }

  failSubmission(outcome: OperationOutcome, now: Date): void {
    this.finish('submissionFailed', outcome, now);
  }

  /** Records how a finished operation ended, once; an outcome already recorded stays. */
  recordResult(resultInfo: ResultInfo): void {
    if (!this.isFinished) throw new ResultBeforeFinish();
    if (this.state.resultInfo !== null) throw new ResultAlreadyRecorded();

    this.state = { ...this.state, resultInfo };
  }

  /** Action and type are fixed at creation: a caller may restate them, never change them. */
  confirmKind(action: CaseAction | undefined, type: OperationType | undefined): void {
    const { action: current, type: currentType } = this.state;
    if (action !== undefined && action !== current) throw new ActionIsFixed('action', current);
    if (type !== undefined && type !== currentType)
      throw new ActionIsFixed('@odata.type', currentType);
  }

  /** completedDateTime is the moment a final status was reached: it is never set on its own. */
  refuseCompletionTime(): never {
    if (this.isFinished) throw new OperationAlreadyFinished(this.status, 'completedDateTime');
    throw new CompletionTimeBeforeFinish();
  }

  /** Records type-specific details (export settings, estimated counts) while it runs. */
  recordProperties(properties: OperationProperties): void {
    const names = Object.keys(properties);
    if (names.length === 0) return;
    if (this.isFinished) throw new OperationAlreadyFinished(this.state.status, names[0]);

    const allowed = propertiesOfType(this.state.type);
    const foreign = names.find((name) => !allowed.includes(name));
    if (foreign !== undefined) throw new PropertyNotOfType(foreign, this.state.type);

    this.state = { ...this.state, properties: { ...this.state.properties, ...properties } };
  }

  private enterInitialStatus(
    status: OperationStatus,
    submission: OperationSubmission,
    now: Date,
  ): void {
    const { percentProgress, completedDateTime, resultInfo } = submission;

    if (status === 'submissionFailed') {
      this.failSubmission({ percentProgress, completedDateTime, resultInfo }, now);
      return;
    }
    if (completedDateTime !== undefined) throw new CompletionTimeBeforeFinish();
    if (resultInfo !== undefined) throw new ResultBeforeFinish();

    if (status === 'running') this.start(percentProgress);
    else this.reportProgress(percentProgress ?? 0);
  }

  private finish(status: OperationStatus, outcome: OperationOutcome, now: Date): void {
    this.checkNotFinished();
    const completedDateTime = outcome.completedDateTime ?? now;
    const time = completedDateTime.getTime();
    if (Number.isNaN(time) || time < this.state.createdDateTime.getTime() || time > now.getTime()) {
      throw new CompletionTimeOutOfRange();
    }

    const percentProgress = outcome.percentProgress ?? this.state.percentProgress;
    this.checkProgress(percentProgress);

    this.moveTo(status);
    this.state = {
      ...this.state,
      percentProgress,
      completedDateTime,
      resultInfo: outcome.resultInfo ?? null,
    };
  }

  /** Refuses a move the transition table does not allow; a finished operation allows none. */
  refuseMove(to: OperationStatus): never {
    this.checkNotFinished();
    throw new StatusTransitionRefused(this.state.status, to);
  }

  private checkNotFinished(): void {
    if (this.isFinished) throw new OperationAlreadyFinished(this.state.status, 'status');
  }

  private moveTo(status: OperationStatus): void {
    const from = this.state.status;
    this.checkNotFinished();
    if (!isAllowedMove(from, status)) throw new StatusTransitionRefused(from, status);

    this.state = { ...this.state, status };
  }

  private advanceProgress(percentProgress: number): void {
    this.checkProgress(percentProgress);
    this.state = { ...this.state, percentProgress };
  }

  private checkProgress(percentProgress: number): void {
    if (!Number.isInteger(percentProgress) || percentProgress < 0 || percentProgress > 100) {
      throw new ProgressOutOfRange(percentProgress);
    }
    if (percentProgress < this.state.percentProgress) {
      throw new ProgressDecreased(this.state.percentProgress, percentProgress);
    }
  }
}

function resolveType(action: CaseAction, requested: OperationType | undefined): OperationType {
  const natural = typeForAction(action);
  const type = requested ?? natural;
  if (type === undefined || type !== natural) {
    throw new ActionDoesNotMatchType(action, requested ?? 'caseOperation', natural);
  }
  return type;
}
