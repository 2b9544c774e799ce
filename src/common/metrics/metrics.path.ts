/** Where Prometheus scrapes caseops: outside `/beta`, as scrapers expect, and without a token. */
export const METRICS_ROUTE = 'metrics';

export const METRICS_PATH = `/${METRICS_ROUTE}`;
