import { RawQuery } from '../odata';

/** How a client asked to see a collection. */
export interface CollectionView {
  readonly query: RawQuery;
  /** `Prefer: include-unknown-enum-members`: evolved enum members may appear in filters. */
  readonly includeUnknownEnumMembers: boolean;
}

/** One page of a collection, with what the client needs to ask for the next one. */
export interface Page<T> {
  readonly items: readonly T[];
  /** The query string of the next page, or undefined on the last page. */
  readonly nextQuery?: string;
  readonly count?: number;
  /** The properties `$select` asked for, if it did. */
  readonly select?: readonly string[];
}
