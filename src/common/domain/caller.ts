import { IdentitySet } from './identity-set';

/** The authenticated party behind a request: the tenant it acts in and who it is. */
export interface Caller {
  readonly tenantId: string;
  readonly identity: IdentitySet;
}
