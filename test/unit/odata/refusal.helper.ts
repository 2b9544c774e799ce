import { GraphError } from '../../../src/common/http/graph-error';

/** Runs something that must refuse the request and returns the GraphError it threw. */
export function refusal(run: () => unknown): GraphError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a GraphError, but nothing was thrown');
}

export function badRequestMessage(run: () => unknown): string {
  const error = refusal(run);
  expect(error.status).toBe(400);
  expect(error.code).toBe('badRequest');
  return error.message;
}
