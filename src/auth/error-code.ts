/**
 * The `code` of a Node or jose error. Not found with `instanceof`: under Jest such errors
 * come from another realm than the test's `Error`.
 */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
