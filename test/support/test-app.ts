import { randomUUID } from 'node:crypto';

import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { DestinationStream } from 'pino';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';

import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { AppConfig, loadAppConfig, LogLevel } from '../../src/common/config/app-config';
import { LOG_DESTINATION } from '../../src/common/logging/log-destination';
import { hs256Token, TEST_SECRET, testAuthSettings, TestTokenOptions } from './tokens';

/** A running caseops on the suite's database, and a tenant of its own for this test file. */
export interface TestApp {
  readonly app: NestExpressApplication;
  readonly tenantId: string;
  /** An HTTP client whose requests carry a ReadWrite token of this app's tenant. */
  api(): TestAgent;
  /** A token of this app's tenant unless the options name another. */
  token(options?: TestTokenOptions): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** A database of the test's own (already migrated) instead of the suite's. */
  readonly databaseUrl?: string;
  /** Where the app writes its log lines, for a test that reads them (standard output else). */
  readonly logDestination?: DestinationStream;
}

/** Builds the app exactly as main.ts does, on TEST_DATABASE_URL unless told otherwise. */
export async function startTestApp(
  overrides: Partial<AppConfig> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? process.env.TEST_DATABASE_URL;
  if (databaseUrl === undefined) throw new Error('The integration global set-up did not run.');

  // Every test run on the machine calls from 127.0.0.1 against the same database, so the
  // per-address limit would count the other runs' requests; the rate limit tests set their own.
  const config = {
    ...loadAppConfig({}),
    rateLimitAddressPerMinute: 10_000_000,
    logLevel: testLogLevel(),
    ...overrides,
  };
  const builder = Test.createTestingModule({
    imports: [AppModule.forRoot({ config, databaseUrl, auth: testAuthSettings() })],
  });
  if (options.logDestination !== undefined) {
    builder.overrideProvider(LOG_DESTINATION).useValue(options.logDestination);
  }
  const app = (await builder.compile()).createNestApplication<NestExpressApplication>({
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  await app.init();

  const tenantId = randomUUID();
  const token = (options: TestTokenOptions = {}) =>
    hs256Token(TEST_SECRET, { tenantId, ...options });
  const bearer = `Bearer ${await token()}`;

  return {
    app,
    tenantId,
    token,
    api: () => authorized(app, bearer),
    close: () => app.close(),
  };
}

/** Tests are quiet unless TEST_LOGS=1 (then at LOG_LEVEL, info by default). */
function testLogLevel(): LogLevel {
  if (process.env.TEST_LOGS !== '1') return 'silent';
  return loadAppConfig({ LOG_LEVEL: process.env.LOG_LEVEL }).logLevel;
}

function authorized(app: NestExpressApplication, bearer: string): TestAgent {
  return request.agent(app.getHttpServer()).set('Authorization', bearer);
}
