import { appendFileSync } from 'node:fs';

/**
 * How much bigger the reliability tests run: 1 in `npm test`, `CHAOS_SCALE` (for example 10,
 * as `npm run test:chaos` sets it) for a long run. Durations, request counts and injected
 * faults grow with it; the checks stay the same.
 */
export function chaosScale(): number {
  const raw = process.env.CHAOS_SCALE;
  if (raw === undefined || raw === '') return 1;

  const scale = Number(raw);
  if (!Number.isInteger(scale) || scale < 1) {
    throw new Error(`CHAOS_SCALE must be a positive integer; got '${raw}'`);
  }
  return scale;
}

/** `amount` times the chaos scale. */
export function scaled(amount: number): number {
  return amount * chaosScale();
}

/**
 * Appends one JSON line of figures to the file named by `CHAOS_FIGURES`, when set, so a long
 * run leaves the numbers docs/reliability.md quotes. Tests stay silent otherwise.
 */
export function recordFigures(test: string, figures: Readonly<Record<string, unknown>>): void {
  const file = process.env.CHAOS_FIGURES;
  if (file === undefined || file === '') return;

  const line = { test, scale: chaosScale(), at: new Date().toISOString(), ...figures };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}
