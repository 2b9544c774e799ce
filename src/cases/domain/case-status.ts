/** caseStatus as Graph lists it; caseops itself moves cases between `active` and `closed`. */
export const CASE_STATUSES = [
  'unknown',
  'active',
  'pendingDelete',
  'closing',
  'closed',
  'closedWithError',
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];
