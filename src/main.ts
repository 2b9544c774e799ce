import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as StructuredLogger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { AuthSettings, loadAuthSettings } from './auth/auth.settings';
import { developmentBanner, mintDevelopmentToken } from './auth/development-token';
import { configureApp } from './app.setup';
import { AppConfig, loadAppConfig } from './common/config/app-config';
import { EmbeddedDatabase, startEmbeddedDatabase } from './common/database/embedded-database';
import { ConnectionDrain } from './common/http/connection-drain';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const config = loadAppConfig(process.env);
  // Held back until the app's structured logger exists, so every line comes out as JSON.
  Logger.attachBuffer();
  const auth = loadAuthSettings(process.env, {
    embeddedDatabase: config.databaseUrl === undefined,
    dataDir: config.dataDir,
  });
  const embedded = config.databaseUrl === undefined ? await startEmbedded(config) : undefined;
  const databaseUrl = config.databaseUrl ?? (embedded as EmbeddedDatabase).url;

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl, auth }),
    // Without abortOnError a failed start reaches bootstrap's catch and exits non-zero.
    { bodyParser: false, abortOnError: false, bufferLogs: true },
  );
  app.useLogger(app.get(StructuredLogger));
  configureApp(app, config);
  stopOnSignal(app, logger, embedded, config.shutdownTimeoutMillis);

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
 * On SIGTERM or SIGINT: stop accepting connections, let requests in flight finish (for at most
 * `timeoutMillis`, then their connections are closed), close the pool, and only then stop the
 * embedded database, which lives exactly as long as the service. Nest closes the HTTP server
 * before its shutdown hooks, so the pool outlives every request.
 */
function stopOnSignal(
  app: NestExpressApplication,
  logger: Logger,
  embedded: EmbeddedDatabase | undefined,
  timeoutMillis: number,
): void {
  const drain = new ConnectionDrain(app.getHttpServer());
  const stop = async (signal: NodeJS.Signals) => {
    logger.log({ msg: 'Shutting down', signal });
    const stopDraining = drain.start(timeoutMillis, () =>
      logger.warn({ msg: 'Requests still running at the shutdown timeout; closing them' }),
    );
    try {
      await drain.acceptQueued();
      await app.close();
      await embedded?.stop();
      logger.log({ msg: 'Stopped', signal });
    } catch (error) {
      logger.error({ msg: 'Shutdown failed' }, error instanceof Error ? error.stack : error);
      process.exitCode = 1;
    } finally {
      stopDraining();
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (received) => void stop(received));
  }
}

bootstrap().catch((error: unknown) => {
  Logger.flush();
  new Logger('Bootstrap').error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
