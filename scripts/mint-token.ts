import { parseArgs } from 'node:util';

import { MIN_SECRET_BYTES, readDevelopmentSecret } from '../src/auth/development-secret';
import {
  DEVELOPMENT_APP_ID,
  DEVELOPMENT_TENANT_ID,
  DEVELOPMENT_USER_ID,
} from '../src/auth/development-token';
import { errorCode } from '../src/auth/error-code';
import { READ_WRITE_PERMISSION } from '../src/auth/permissions';
import { mintSharedSecretToken, SharedSecretSigning, TokenGrant } from '../src/auth/token.minter';

const USAGE = `Mints a development token and prints it.

Usage: npm run token -- [options]
  --tenant <guid>     tenant id (tid)                    default ${DEVELOPMENT_TENANT_ID}
  --scope <perms>     delegated permissions (scp)        default ${READ_WRITE_PERMISSION}
  --user <id>         user object id (oid)               default ${DEVELOPMENT_USER_ID}
  --name <text>       display name of the user or app
  --app               an app-only token (roles) instead of a delegated one
  --roles <perms>     application permissions; implies --app (default: the --scope value)
  --app-id <id>       application id (appid)             default ${DEVELOPMENT_APP_ID}
  --expires <span>    lifetime, such as 30m, 1h, 7d      default 1h
  --data-dir <dir>    where the service keeps dev-jwt-secret   default .data

The secret is AUTH_JWT_SECRET when set, else <data-dir>/dev-jwt-secret (written by the service
on its first development run). AUTH_ISSUER and AUTH_AUDIENCE, when set, go into the token.
`;

const SPAN = /^\d+[smhd]$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const OPTIONS = {
  tenant: { type: 'string', default: DEVELOPMENT_TENANT_ID },
  scope: { type: 'string', default: READ_WRITE_PERMISSION },
  user: { type: 'string', default: DEVELOPMENT_USER_ID },
  name: { type: 'string' },
  app: { type: 'boolean', default: false },
  roles: { type: 'string' },
  'app-id': { type: 'string', default: DEVELOPMENT_APP_ID },
  expires: { type: 'string', default: '1h' },
  'data-dir': { type: 'string', default: '.data' },
  help: { type: 'boolean', default: false },
} as const;

type Arguments = ReturnType<typeof parseArguments>;

/** The token the arguments ask for, or the usage text for --help. */
export async function mintTokenFromArguments(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const args = parseArguments(argv);
  if (args.help) return USAGE;

  if (!GUID.test(args.tenant)) throw new Error(`--tenant must be a GUID, not "${args.tenant}"`);
  if (!SPAN.test(args.expires)) throw new Error('--expires must be a span such as 30m, 1h or 7d');
  return mintSharedSecretToken(signing(env, args['data-dir']), grant(args), args.expires);
}

function parseArguments(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true }).values;
}

function grant(args: Arguments): TokenGrant {
  if (args.app || args.roles !== undefined) {
    return {
      kind: 'application',
      tenantId: args.tenant,
      appId: args['app-id'],
      name: args.name ?? 'Development App',
      roles: permissions(args.roles ?? args.scope),
    };
  }

  return {
    kind: 'delegated',
    tenantId: args.tenant,
    userId: args.user,
    name: args.name ?? 'Development User',
    scopes: permissions(args.scope),
  };
}

/** Accepts permissions separated by spaces or commas, as people type them. */
function permissions(list: string): string[] {
  return list.split(/[\s,]+/).filter((permission) => permission.length > 0);
}

function signing(env: NodeJS.ProcessEnv, dataDir: string): SharedSecretSigning {
  if (env.AUTH_JWKS_URI) {
    throw new Error('AUTH_JWKS_URI is set: the service then accepts only tokens from Entra ID');
  }

  return {
    secret: secret(env, dataDir),
    issuer: env.AUTH_ISSUER?.trim() || null,
    audiences: (env.AUTH_AUDIENCE ?? '')
      .split(',')
      .map((audience) => audience.trim())
      .filter((audience) => audience.length > 0),
  };
}

function secret(env: NodeJS.ProcessEnv, dataDir: string): string {
  const configured = env.AUTH_JWT_SECRET;
  if (configured) {
    if (Buffer.byteLength(configured) < MIN_SECRET_BYTES) {
      throw new Error(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    return configured;
  }

  try {
    return readDevelopmentSecret(dataDir);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    throw new Error(
      `No development secret in ${dataDir}: start the service once without DATABASE_URL, ` +
        'or set AUTH_JWT_SECRET',
    );
  }
}

async function main(): Promise<void> {
  try {
    const output = await mintTokenFromArguments(process.argv.slice(2), process.env);
    process.stdout.write(`${output}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n\n${USAGE}`);
    process.exitCode = 2;
  }
}

if (require.main === module) void main();
