/** What clients were told about one operation they created: only acknowledgements count. */
export interface OperationRecord {
  readonly caseId: string;
  /** PATCHes answered 204. */
  acknowledgedUpdates: number;
  /** Writes of this operation that got no clear answer: they may or may not have committed. */
  unacknowledgedWrites: number;
  /** The highest `percentProgress` a 204 confirmed (0 when none did). */
  highestAcknowledgedProgress: number;
  /** A PATCH to `succeeded` was answered 204. */
  acknowledgedSucceeded: boolean;
}

/**
 * Every write a client had acknowledged (201, 204), and how many writes got no answer, so the
 * database can be checked afterwards against what the clients were promised.
 */
export class WriteLedger {
  readonly operations = new Map<string, OperationRecord>();
  /** Creations answered with anything but 201: each may still have left a row. */
  unacknowledgedCreates = 0;

  created(operationId: string, caseId: string): void {
    this.operations.set(operationId, {
      caseId,
      acknowledgedUpdates: 0,
      unacknowledgedWrites: 0,
      highestAcknowledgedProgress: 0,
      acknowledgedSucceeded: false,
    });
  }

  updated(operationId: string, progress?: number): void {
    const record = this.recordOf(operationId);
    record.acknowledgedUpdates += 1;
    if (progress !== undefined) {
      record.highestAcknowledgedProgress = Math.max(record.highestAcknowledgedProgress, progress);
    }
  }

  succeeded(operationId: string): void {
    this.updated(operationId, 100);
    this.recordOf(operationId).acknowledgedSucceeded = true;
  }

  unanswered(operationId: string): void {
    this.recordOf(operationId).unacknowledgedWrites += 1;
  }

  acknowledgedUpdates(): number {
    let total = 0;
    for (const record of this.operations.values()) total += record.acknowledgedUpdates;
    return total;
  }

  private recordOf(operationId: string): OperationRecord {
    const record = this.operations.get(operationId);
    if (record === undefined) throw new Error(`Operation ${operationId} was never acknowledged`);
    return record;
  }
}
