import { IncomingMessage } from 'node:http';

/** What logs and metrics name a request that matched no route. */
export const UNMATCHED_ROUTE = '(unmatched)';

interface RoutedRequest extends IncomingMessage {
  readonly baseUrl?: string;
  readonly route?: unknown;
}

/**
 * The route a request matched, as declared (`/beta/compliance/ediscovery/cases/:caseId`), never
 * the URL it came in on: ids would make every request its own log group and metric series.
 */
export function routePattern(request: IncomingMessage): string {
  const { baseUrl, route } = request as RoutedRequest;
  if (!hasPath(route) || isMiddlewareMount(route.path)) return UNMATCHED_ROUTE;

  return `${baseUrl ?? ''}${route.path}`;
}

/**
 * Nest mounts module middleware as catch-all Express routes (`/beta/{*path}`), which leave
 * their path on a request that no controller route matched afterwards. No controller route
 * of caseops has a wildcard.
 */
function isMiddlewareMount(path: string): boolean {
  return path.includes('*');
}

function hasPath(route: unknown): route is { path: string } {
  return typeof route === 'object' && route !== null && 'path' in route
    ? typeof route.path === 'string'
    : false;
}
