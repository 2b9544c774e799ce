import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../..');

/** Generous bounds for a shared, loaded machine; they only keep a broken test from hanging. */
export const BUILD_TIMEOUT_MS = 240_000;
const START_TIMEOUT_MS = 60_000;

/** A compiled copy of the service, private to one test file's run. */
export interface BuiltService {
  /** The path of the built main.js. */
  readonly main: string;
  remove(): Promise<void>;
}

/**
 * Compiles the service exactly as `nest build` does (tsconfig.build.json, no CLI plugins), into
 * a fresh folder under node_modules/.cache, where Node still finds the packages: `nest build`
 * empties dist/, and other runs on the machine may be executing dist/ or building at the same
 * moment.
 */
export async function buildService(): Promise<BuiltService> {
  const parent = join(ROOT, 'node_modules/.cache/caseops-service');
  await mkdir(parent, { recursive: true });
  const outDir = await mkdtemp(join(parent, 'build-'));

  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  const args = ['-p', 'tsconfig.build.json', '--outDir', outDir, '--incremental', 'false'];
  await promisify(execFile)(tsc, args, { cwd: ROOT, timeout: BUILD_TIMEOUT_MS });

  return {
    main: join(outDir, 'src/main.js'),
    remove: () => rm(outDir, { recursive: true, force: true }),
  };
}

/** A built caseops running as a child process, with everything it printed. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when a signal killed it). */
  exited(): Promise<number | null>;
}

/**
 * Every test process talks from 127.0.0.1 to the suite's shared database, so the per-address
 * limit would count all of them together; tests that need a limit set one explicitly.
 */
const UNLIMITED_ADDRESS = { RATE_LIMIT_ADDRESS_PER_MINUTE: '10000000' };

/** Starts `node main.js` with `env` (plus PATH), from the repository root. */
export function runService(main: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...UNLIMITED_ADDRESS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited: () => exit };
}

/** Waits until the service answers its liveness probe on `port`; fails if it exits first. */
export async function untilListening(service: ServiceProcess, port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`Service exited:\n${service.output()}`);
    if (await answers(`http://127.0.0.1:${port}/health/live`)) return;
    await sleep(200);
  }
  throw new Error(`Service did not start within ${START_TIMEOUT_MS} ms:\n${service.output()}`);
}

/** Resolves with the exit code, or rejects if the process outlives `timeoutMillis`. */
export async function exitWithin(
  service: ServiceProcess,
  timeoutMillis: number,
): Promise<number | null> {
  const timeout = sleep(timeoutMillis, 'timeout' as const, { ref: false });
  const outcome = await Promise.race([service.exited(), timeout]);
  if (outcome === 'timeout') throw new Error(`Still running after ${timeoutMillis} ms`);
  return outcome;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}
