import { Request } from 'express';

import { ExpectedVersion } from '../application/versioned-change';
import { StaleVersion } from '../application/stale-version.error';
import { GraphError } from './graph-error';

/** A weak entity tag: the representation changes whenever the version does. */
export function entityTag(version: number): string {
  return `W/"${version}"`;
}

/**
 * Reads `If-Match`: `*` matches any existing entity, a tag matches its version. A well-formed
 * tag that caseops never issued can never match, so it is stale (412).
 */
export function expectedVersionFrom(request: Request): ExpectedVersion {
  const header = request.header('if-match')?.trim();
  if (header === undefined) return undefined;
  if (header === '*') return '*';

  const tag = /^(?:W\/)?"([^"]*)"$/.exec(header);
  if (tag === null) {
    throw GraphError.badRequest('If-Match must be one entity tag, such as W/"3", or *.', {
      target: 'If-Match',
    });
  }
  if (!/^\d{1,9}$/.test(tag[1])) throw new StaleVersion();
  return Number(tag[1]);
}

/** True when `If-None-Match` names the entity's current tag (or `*`). */
export function isNotModified(request: Request, version: number): boolean {
  const header = request.header('if-none-match');
  if (header === undefined) return false;

  const current = entityTag(version);
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === current || `W/${trimmed}` === current;
  });
}
