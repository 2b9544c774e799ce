import { AuthSettings } from './auth.settings';
import { developmentSecretPath } from './development-secret';
import { READ_WRITE_PERMISSION } from './permissions';
import { mintSharedSecretToken } from './token.minter';

export const DEVELOPMENT_TENANT_ID = '00000000-0000-4000-8000-000000000001';
export const DEVELOPMENT_USER_ID = '00000000-0000-4000-8000-0000000000a1';
export const DEVELOPMENT_APP_ID = '00000000-0000-4000-8000-0000000000b1';

export interface DevelopmentTokenOptions {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  /** Delegated permissions, space-separated. */
  readonly scope: string;
  /** A jose time span such as '12h'. */
  readonly expiresIn: string;
}

export const DEFAULT_DEVELOPMENT_TOKEN: DevelopmentTokenOptions = {
  tenantId: DEVELOPMENT_TENANT_ID,
  userId: DEVELOPMENT_USER_ID,
  name: 'Development User',
  scope: READ_WRITE_PERMISSION,
  expiresIn: '12h',
};

/** A delegated token the running service accepts; only shared-secret settings can mint one. */
export async function mintDevelopmentToken(
  settings: AuthSettings,
  options: Partial<DevelopmentTokenOptions> = {},
): Promise<string> {
  if (settings.mode !== 'sharedSecret') {
    throw new Error('Development tokens need shared-secret settings; Entra ID issues the others');
  }

  const { tenantId, userId, name, scope, expiresIn } = { ...DEFAULT_DEVELOPMENT_TOKEN, ...options };
  const scopes = scope.split(' ').filter((permission) => permission.length > 0);
  const grant = { kind: 'delegated' as const, tenantId, userId, name, scopes };

  return mintSharedSecretToken(settings, grant, expiresIn);
}

/**
 * The start-up text of a development run: a ready token and how to mint others. It holds a
 * live token, so it belongs on the developer's terminal, never in shipped logs.
 */
export function developmentBanner(
  token: string,
  options: Partial<DevelopmentTokenOptions> = {},
  dataDir?: string,
): string {
  const { tenantId, userId, scope, expiresIn } = { ...DEFAULT_DEVELOPMENT_TOKEN, ...options };
  const secretFrom = dataDir === undefined ? '' : ` (secret in ${developmentSecretPath(dataDir)})`;

  return [
    `Development authentication: HS256 tokens${secretFrom}.`,
    `Token for tenant ${tenantId}, user ${userId}, scope ${scope}, valid ${expiresIn}:`,
    '',
    token,
    '',
    `Send it as "Authorization: Bearer <token>". Mint another with:`,
    `  npm run token -- --tenant <guid> --scope ${READ_WRITE_PERMISSION}`,
  ].join('\n');
}
