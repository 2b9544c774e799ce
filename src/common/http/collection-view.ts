import { Request } from 'express';

import { MAX_TOP, RawQuery } from '../odata';
import { CollectionView } from '../paging/page';
import { readPreferences } from './preferences';

/**
 * The client's view of a collection: its query options, with `Prefer: odata.maxpagesize`
 * standing in for `$top` when no `$top` was sent. Returns the preferences it honoured.
 */
export function collectionViewOf(request: Request): { view: CollectionView; honoured: string[] } {
  const preferences = readPreferences(request);
  const query: Record<string, unknown> = { ...(request.query as RawQuery) };
  const honoured: string[] = [];

  const sentTop = Object.keys(query).some((name) => /^\$?top$/i.test(name));
  if (preferences.maxPageSize !== undefined && !sentTop) {
    const size = Math.min(preferences.maxPageSize, MAX_TOP);
    query.$top = String(size);
    honoured.push(`odata.maxpagesize=${size}`);
  }
  if (preferences.includeUnknownEnumMembers) honoured.push('include-unknown-enum-members');

  const view = {
    query: query as RawQuery,
    includeUnknownEnumMembers: preferences.includeUnknownEnumMembers,
  };
  return { view, honoured };
}
