import { cpus, totalmem } from 'node:os';

import { Client } from 'pg';

/** The facts a reader needs to compare one result file with another. */
export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly postgres: string;
}

export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      postgres: rows[0].server_version,
    };
  } finally {
    await client.end();
  }
}
