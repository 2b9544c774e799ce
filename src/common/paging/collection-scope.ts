import { RawQuery } from '../odata';

/** How a client asked to see a collection. */
export interface CollectionView {
  readonly query: RawQuery;
  /** `Prefer: include-unknown-enum-members`: evolved enum members may appear in filters. */
  readonly includeUnknownEnumMembers: boolean;
}
