import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { errorCode } from './error-code';

/** The smallest HS256 secret accepted: as many bytes as the hash it keys (RFC 7518, 3.2). */
export const MIN_SECRET_BYTES = 32;

const SECRET_FILE = 'dev-jwt-secret';

/** Where the development signing secret lives inside the data directory. */
export function developmentSecretPath(dataDir: string): string {
  return join(dataDir, SECRET_FILE);
}

/** Reads the development secret, creating it (readable by its owner only) on first use. */
export function ensureDevelopmentSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const path = developmentSecretPath(dataDir);

  try {
    // 'wx' fails when the file exists, so two processes starting together keep one secret.
    writeFileSync(path, randomBytes(MIN_SECRET_BYTES).toString('base64url'), {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  }

  return readDevelopmentSecret(dataDir);
}

/** Reads an existing development secret; throws when there is none or it is too short. */
export function readDevelopmentSecret(dataDir: string): string {
  const path = developmentSecretPath(dataDir);
  const secret = readFileSync(path, 'utf8').trim();

  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    throw new Error(`${path} holds fewer than ${MIN_SECRET_BYTES} bytes; delete it to renew it`);
  }
  return secret;
}
