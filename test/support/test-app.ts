import { randomUUID } from 'node:crypto';

import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';

import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { AppConfig, loadAppConfig } from '../../src/common/config/app-config';
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

/** Builds the app exactly as main.ts does, on TEST_DATABASE_URL. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (databaseUrl === undefined) throw new Error('The integration global set-up did not run.');

  const config = { ...loadAppConfig({}), ...overrides };
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, databaseUrl, auth: testAuthSettings() })],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: process.env.TEST_LOGS === '1' ? undefined : false,
  });
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

function authorized(app: NestExpressApplication, bearer: string): TestAgent {
  return request.agent(app.getHttpServer()).set('Authorization', bearer);
}
