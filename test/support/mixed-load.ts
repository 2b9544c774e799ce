import { Answered, ApiCall, CallOutcome, ServiceHttp } from './service-http';
import { WriteLedger } from './write-ledger';

export const CASES = '/beta/compliance/ediscovery/cases';

/** How many and which requests the load sends, and what it accepts as an answer. */
export interface LoadSettings {
  /** Calls go to these services in turn (one for a single process, several for replicas). */
  readonly services: readonly ServiceHttp[];
  readonly caseIds: readonly string[];
  /** Concurrent client loops, each sending its next call once the last one is answered. */
  readonly loops: number;
  /** Checked before every call: the load ends when it returns true. */
  readonly done: () => boolean;
  /** Accept 503 `serviceNotAvailable` with `Retry-After` as an answer (a database fault). */
  readonly outageAllowed: boolean;
  /** A loop stops at its first refused connection (the service has stopped listening). */
  readonly stopWhenRefused?: boolean;
  readonly ledger: WriteLedger;
}

/** The shape of one call's fate, without its body. */
export interface CallRecord {
  readonly label: string;
  readonly outcome: string;
  readonly startedAt: number;
  readonly sentAt: number | undefined;
  readonly elapsedMillis: number;
  readonly answered: boolean;
}

/** Everything the load saw; `surprises` are the calls whose answer broke the contract. */
export interface LoadReport {
  readonly calls: CallRecord[];
  readonly surprises: CallRecord[];
  /** Count of calls by `METHOD outcome`, such as `PATCH 204` or `GET 503`. */
  readonly tally: Record<string, number>;
  /** The slowest 503 of an outage, in milliseconds. */
  slowestOutageMillis: number;
}

/** Runs `settings.loops` loops of creations, progress reports, reads and lists until done. */
export async function runMixedLoad(settings: LoadSettings): Promise<LoadReport> {
  const report: LoadReport = { calls: [], surprises: [], tally: {}, slowestOutageMillis: 0 };
  const loops = Array.from({ length: settings.loops }, (_, index) => {
    return new ClientLoop(settings, report, index).run();
  });
  await Promise.all(loops);
  return report;
}

/** An operation a loop created and still reports progress on. */
interface OwnOperation {
  readonly id: string;
  readonly caseId: string;
  /** The highest progress ever sent, so the next report is higher even if one was lost. */
  lastSentProgress: number;
}

/** One client: it alone writes the operations it created, so their progress only rises. */
class ClientLoop {
  private readonly active: OwnOperation[] = [];
  private calls = 0;
  private refused = false;

  constructor(
    private readonly settings: LoadSettings,
    private readonly report: LoadReport,
    private readonly index: number,
  ) {}

  async run(): Promise<void> {
    while (!this.settings.done() && !this.refused) {
      await this.step();
    }
  }

  private step(): Promise<void> {
    const dice = Math.random();
    if (this.active.length === 0 || dice < 0.25) return this.create();

    const operation = this.active[Math.floor(Math.random() * this.active.length)];
    if (dice < 0.6) return this.reportProgress(operation);
    if (dice < 0.8) return this.read(operation);
    return this.list(operation.caseId);
  }

  private async create(): Promise<void> {
    const caseId = this.settings.caseIds[(this.index + this.calls) % this.settings.caseIds.length];
    const body = { action: 'contentExport', status: 'running', percentProgress: 0 };
    const outcome = await this.send(
      'POST',
      { method: 'POST', path: `${CASES}/${caseId}/operations`, body },
      201,
    );

    if (isStatus(outcome, 201)) {
      const id = (outcome.body as { id: string }).id;
      this.settings.ledger.created(id, caseId);
      this.active.push({ id, caseId, lastSentProgress: 0 });
    } else {
      this.settings.ledger.unacknowledgedCreates += 1;
    }
  }

  private async reportProgress(operation: OwnOperation): Promise<void> {
    const progress = operation.lastSentProgress + 1 + Math.floor(Math.random() * 15);
    if (progress >= 90) return this.complete(operation);

    operation.lastSentProgress = progress;
    const body = { percentProgress: progress };
    const outcome = await this.send(
      'PATCH',
      { method: 'PATCH', path: urlOf(operation), body },
      204,
    );
    if (isStatus(outcome, 204)) this.settings.ledger.updated(operation.id, progress);
    else this.settings.ledger.unanswered(operation.id);
  }

  /** Reports success; whatever the answer, the loop leaves the operation alone afterwards. */
  private async complete(operation: OwnOperation): Promise<void> {
    this.active.splice(this.active.indexOf(operation), 1);
    const body = { status: 'succeeded' };
    const outcome = await this.send(
      'PATCH',
      { method: 'PATCH', path: urlOf(operation), body },
      204,
    );
    if (isStatus(outcome, 204)) this.settings.ledger.succeeded(operation.id);
    else this.settings.ledger.unanswered(operation.id);
  }

  private async read(operation: OwnOperation): Promise<void> {
    await this.send('GET', { method: 'GET', path: urlOf(operation) }, 200);
  }

  private async list(caseId: string): Promise<void> {
    const path = `${CASES}/${caseId}/operations?$top=20&$count=true`;
    await this.send('LIST', { method: 'GET', path }, 200);
  }

  private async send(label: string, call: ApiCall, expected: number): Promise<CallOutcome> {
    const services = this.settings.services;
    const service = services[(this.index + this.calls++) % services.length];
    const outcome = await service.send(call);

    this.record(label, outcome, expected);
    if (outcome.kind === 'notAnswered' && outcome.code === 'ECONNREFUSED') {
      this.refused = this.settings.stopWhenRefused === true;
    }
    return outcome;
  }

  private record(label: string, outcome: CallOutcome, expected: number): void {
    const answered = outcome.kind === 'answered';
    const shape = answered ? String(outcome.status) : outcome.code;
    const { startedAt, sentAt, elapsedMillis } = outcome;
    const record = { label, outcome: shape, startedAt, sentAt, elapsedMillis, answered };
    const key = `${label} ${shape}`;

    this.report.calls.push(record);
    this.report.tally[key] = (this.report.tally[key] ?? 0) + 1;
    if (isStatus(outcome, expected)) return;
    if (this.settings.outageAllowed && isOutageAnswer(outcome)) {
      this.report.slowestOutageMillis = Math.max(this.report.slowestOutageMillis, elapsedMillis);
      return;
    }
    this.report.surprises.push({ ...record, outcome: describe(outcome) });
  }
}

function urlOf(operation: OwnOperation): string {
  return `${CASES}/${operation.caseId}/operations/${operation.id}`;
}

function isStatus(outcome: CallOutcome, status: number): outcome is Answered {
  return outcome.kind === 'answered' && outcome.status === status;
}

/** The answer promised while the database cannot be reached: 503, its code and Retry-After. */
export function isOutageAnswer(outcome: CallOutcome): boolean {
  if (outcome.kind !== 'answered' || outcome.status !== 503) return false;

  const error = (outcome.body as { error?: { code?: string } } | undefined)?.error;
  return (
    error?.code === 'serviceNotAvailable' && /^\d+$/.test(String(outcome.headers['retry-after']))
  );
}

function describe(outcome: CallOutcome): string {
  if (outcome.kind === 'notAnswered') return outcome.code;
  return `${outcome.status} ${JSON.stringify(outcome.body).slice(0, 300)}`;
}
