import { Client } from 'pg';

import { OperationRecord, WriteLedger } from './write-ledger';

interface StoredOperation {
  readonly id: string;
  readonly case_id: string;
  readonly status: string;
  readonly percent_progress: number;
  readonly completed_at: Date | null;
  readonly version: number;
}

const UNFINISHED = new Set(['notStarted', 'running']);

/**
 * Compares a tenant's operations in the database with what clients were told. Only what an
 * acknowledgement proves is required: a write with no answer may or may not have committed.
 * @returns one sentence per broken promise or broken invariant; empty when all hold.
 */
export async function brokenPromises(
  databaseUrl: string,
  tenantId: string,
  ledger: WriteLedger,
): Promise<string[]> {
  const stored = await storedOperations(databaseUrl, tenantId);
  const problems = stored.flatMap(invariantBreaches);
  const byId = new Map(stored.map((row) => [row.id, row]));

  for (const [id, record] of ledger.operations) {
    const row = byId.get(id);
    if (row === undefined) problems.push(`acknowledged operation ${id} is missing`);
    else problems.push(...acknowledgementBreaches(row, record));
  }

  const unexplained = stored.length - ledger.operations.size;
  if (unexplained > ledger.unacknowledgedCreates) {
    const unanswered = ledger.unacknowledgedCreates;
    problems.push(`${unexplained} unacknowledged rows, but ${unanswered} unanswered creations`);
  }
  return problems;
}

/** The aggregate's rules, which no half-written row may break. */
function invariantBreaches(row: StoredOperation): string[] {
  const problems: string[] = [];
  const says = (problem: string) => problems.push(`operation ${row.id}: ${problem}`);

  if (row.percent_progress < 0 || row.percent_progress > 100) says('progress out of 0..100');
  if (UNFINISHED.has(row.status) !== (row.completed_at === null)) {
    says(`status ${row.status} with completedDateTime ${String(row.completed_at)}`);
  }
  if (row.status === 'succeeded' && row.percent_progress !== 100) says('succeeded below 100');
  if (row.status === 'notStarted' && row.percent_progress !== 0) says('progress before start');
  return problems;
}

function acknowledgementBreaches(row: StoredOperation, record: OperationRecord): string[] {
  const problems: string[] = [];
  const says = (problem: string) => problems.push(`operation ${row.id}: ${problem}`);
  const leastVersion = 1 + record.acknowledgedUpdates;

  if (row.case_id !== record.caseId) says(`moved to case ${row.case_id}`);
  if (row.version < leastVersion) says(`version ${row.version} < ${leastVersion} acknowledged`);
  if (record.unacknowledgedWrites === 0 && row.version !== leastVersion) {
    says(`version ${row.version}, yet exactly ${record.acknowledgedUpdates} updates were sent`);
  }
  if (row.percent_progress < record.highestAcknowledgedProgress) {
    says(`progress ${row.percent_progress} < ${record.highestAcknowledgedProgress} acknowledged`);
  }
  if (record.acknowledgedSucceeded && row.status !== 'succeeded')
    says(`${row.status}, not succeeded`);
  return problems;
}

async function storedOperations(databaseUrl: string, tenantId: string): Promise<StoredOperation[]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'caseops-tests' });
  await client.connect();
  try {
    const { rows } = await client.query<StoredOperation>(
      `SELECT id, case_id, status, percent_progress, completed_at, version
         FROM case_operation WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows;
  } finally {
    await client.end();
  }
}
