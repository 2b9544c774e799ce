import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';

import { AppModule } from './app.module';
import { AuthSettings, loadAuthSettings } from './auth/auth.settings';
import { developmentBanner, mintDevelopmentToken } from './auth/development-token';
import { configureApp } from './app.setup';
import { AppConfig, loadAppConfig } from './common/config/app-config';
import { EmbeddedDatabase, startEmbeddedDatabase } from './common/database/embedded-database';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const config = loadAppConfig(process.env);
  const auth = loadAuthSettings(process.env, {
    embeddedDatabase: config.databaseUrl === undefined,
    dataDir: config.dataDir,
  });
  const embedded = config.databaseUrl === undefined ? await startEmbedded(config) : undefined;
  const databaseUrl = config.databaseUrl ?? (embedded as EmbeddedDatabase).url;

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl, auth }),
    { bodyParser: false },
  );
  configureApp(app, config);
  stopOnSignal(app, logger, embedded);

  await app.listen(config.port);
  logger.log({ msg: 'caseops is listening', url: await app.getUrl(), docs: '/docs' });
  await printDevelopmentToken(auth, config);
}

/**
 * A zero-setup run gets a ready token on the terminal. It is a live credential, so it goes to
 * the developer's terminal only, never through the logger into shipped logs.
 */
async function printDevelopmentToken(auth: AuthSettings, config: AppConfig): Promise<void> {
  if (auth.mode !== 'sharedSecret' || !auth.development) return;

  const token = await mintDevelopmentToken(auth);
  process.stdout.write(`\n${developmentBanner(token, {}, config.dataDir)}\n\n`);
}

function startEmbedded(config: AppConfig): Promise<EmbeddedDatabase> {
  return startEmbeddedDatabase({
    directory: `${config.dataDir}/postgres`,
    port: config.embeddedDatabasePort,
    database: 'caseops',
  });
}

/**
 * On SIGTERM or SIGINT: stop accepting connections, let requests in flight finish, close the
 * pool, and only then stop the embedded database, which lives exactly as long as the service.
 */
function stopOnSignal(
  app: NestExpressApplication,
  logger: Logger,
  embedded: EmbeddedDatabase | undefined,
): void {
  const stop = async (signal: NodeJS.Signals) => {
    logger.log({ msg: 'Shutting down', signal });
    await app.close();
    await embedded?.stop();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (received) => void stop(received));
  }
}

bootstrap().catch((error: unknown) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
