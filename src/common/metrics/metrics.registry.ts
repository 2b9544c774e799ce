import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The registry /metrics serves. Each app owns one rather than prom-client's global default, so
 * that two apps in one process (as in the tests) never share or double-register metrics.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
