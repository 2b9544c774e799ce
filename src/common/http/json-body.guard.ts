import { GraphError } from './graph-error';

/** Deeper than any body caseops reads (resultInfo is the deepest, at two levels). */
export const MAX_BODY_DEPTH = 32;

/**
 * Names that JavaScript treats as an object's prototype. class-transformer silently drops
 * them, so without this check a body made only of them would pass as an empty update.
 */
const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

interface Visit {
  readonly value: unknown;
  readonly depth: number;
  readonly path: string;
}

/**
 * Refuses, with a 400 naming the property, a parsed JSON body that the rest of the service
 * cannot handle safely: nesting deeper than {@link MAX_BODY_DEPTH} (recursive transformers would
 * overflow the stack), prototype names, and text PostgreSQL cannot store (NUL characters, lone
 * UTF-16 surrogates). The walk is iterative, so the check itself cannot overflow.
 */
export function checkJsonBody(body: unknown): void {
  const pending: Visit[] = [{ value: body, depth: 0, path: '' }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    if (typeof visit.value === 'string') checkText(visit.value, visit.path);
    if (typeof visit.value !== 'object' || visit.value === null) continue;
    if (visit.depth >= MAX_BODY_DEPTH) throw tooDeep(visit.path);

    for (const [name, member] of Object.entries(visit.value)) {
      const path = visit.path === '' ? name : `${visit.path}/${name}`;
      checkName(name, path);
      pending.push({ value: member, depth: visit.depth + 1, path });
    }
  }
}

function checkName(name: string, path: string): void {
  checkText(name, path);
  if (!PROTOTYPE_NAMES.has(name)) return;

  const target = path.slice(0, 200);
  const message = `Property '${target}' does not exist.`;
  throw GraphError.badRequest(message, {
    target,
    details: [{ code: 'unknownProperty', message, target }],
  });
}

function checkText(text: string, path: string): void {
  if (!text.includes('\u0000') && !LONE_SURROGATE.test(text)) return;

  throw GraphError.badRequest(
    `The request body contains text that is not valid Unicode or contains NUL characters` +
      (path === '' ? '.' : ` (at '${path.slice(0, 200)}').`),
    { target: path === '' ? undefined : path.slice(0, 200) },
  );
}

function tooDeep(path: string): GraphError {
  return GraphError.badRequest(
    `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`,
    { target: path.slice(0, 200) },
  );
}
