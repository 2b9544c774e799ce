/** caseOperationStatus, exactly as Graph's beta eDiscovery namespace lists it. */
export const OPERATION_STATUSES = [
  'notStarted',
  'submissionFailed',
  'running',
  'succeeded',
  'partiallySucceeded',
  'failed',
] as const;

export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** Statuses an operation may be created in. */
export const INITIAL_STATUSES: readonly OperationStatus[] = [
  'notStarted',
  'running',
  'submissionFailed',
];

/** Outcomes: once an operation reaches one of these, it never changes status again. */
export const FINAL_STATUSES: readonly OperationStatus[] = [
  'succeeded',
  'partiallySucceeded',
  'failed',
  'submissionFailed',
];

const ALLOWED_MOVES: Readonly<Record<OperationStatus, readonly OperationStatus[]>> = {
  notStarted: ['running', 'failed', 'submissionFailed'],
  running: ['running', 'succeeded', 'partiallySucceeded', 'failed'],
  submissionFailed: [],
  succeeded: [],
  partiallySucceeded: [],
  failed: [],
};

export function isFinalStatus(status: OperationStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export function isAllowedMove(from: OperationStatus, to: OperationStatus): boolean {
  return ALLOWED_MOVES[from].includes(to);
}
