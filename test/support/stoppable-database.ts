import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const SERVER_SCRIPT = join(__dirname, 'embedded-postgres.server.mjs');
const PASSWORD = 'caseops-stoppable';

/** A PostgreSQL in a child process that a test can stop and start again on the same data. */
export interface StoppableDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts (initialising on first use) the cluster in `directory`, listening on `port`. */
export async function startStoppableDatabase(
  directory: string,
  port: number,
): Promise<StoppableDatabase> {
  const child = spawn(process.execPath, [SERVER_SCRIPT, directory, String(port), PASSWORD], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const ready = once(child.stdout, 'data').then(() => true);
  if (!(await Promise.race([ready, exited.then(() => false)]))) {
    throw new Error('The embedded PostgreSQL did not start');
  }

  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
