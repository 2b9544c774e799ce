/**
 * caseAction in Graph's order. It is an evolvable enum: members after `unknownFutureValue`
 * (here `purgeData`) reach a client only when it asks for them.
 */
export const CASE_ACTIONS = [
  'contentExport',
  'applyTags',
  'convertToPdf',
  'index',
  'estimateStatistics',
  'addToReviewSet',
  'holdUpdate',
  'unknownFutureValue',
  'purgeData',
] as const;

export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The sentinel that stands in for members a client has not opted into. */
export const UNKNOWN_FUTURE_ACTION: CaseAction = 'unknownFutureValue';

/** Members that come after the sentinel, hidden from clients that did not opt in. */
export const EVOLVED_ACTIONS: readonly CaseAction[] = CASE_ACTIONS.slice(
  CASE_ACTIONS.indexOf('unknownFutureValue') + 1,
);
