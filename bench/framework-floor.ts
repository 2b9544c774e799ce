import 'reflect-metadata';

import { Body, Controller, Get, Module, Param, Patch, Post, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Response } from 'express';

import { poolFromEnvironment, RawAnswer, rawRoutes } from './raw-routes';

/**
 * The second yardstick: the baseline's SQL behind NestJS on Express, the framework caseops is
 * built on, with nothing of caseops (no authentication, validation, logging, metrics, security
 * headers or Graph representation). The gap between it and the baseline is the framework's;
 * the gap between caseops and it is caseops' own. Started by bench/run.ts.
 */
const routes = rawRoutes(poolFromEnvironment(), process.env.BENCH_TENANT_ID ?? '');

@Controller('beta/compliance/ediscovery/cases/:caseId/operations')
class OperationsController {
  @Post()
  create(
    @Param('caseId') caseId: string,
    @Body() body: { action: string },
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    return answer(response, routes.create(caseId, body));
  }

  @Get()
  list(@Param('caseId') caseId: string, @Res({ passthrough: true }) response: Response) {
    return answer(response, routes.list(caseId));
  }

  @Get(':id')
  get(
    @Param('caseId') caseId: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    return answer(response, routes.get(caseId, id));
  }

  @Patch(':id')
  update(
    @Param('caseId') caseId: string,
    @Param('id') id: string,
    @Body() body: { percentProgress: number },
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    return answer(response, routes.update(caseId, id, body));
  }
}

@Controller()
class ReadinessController {
  @Get()
  ready(): string {
    return 'ready';
  }
}

@Module({ controllers: [OperationsController, ReadinessController] })
class FloorModule {}

async function answer(response: Response, pending: Promise<RawAnswer>): Promise<unknown> {
  const { status, body } = await pending;
  response.status(status);
  return body;
}

async function start(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(FloorModule, { logger: false });
  await app.listen(Number(process.env.PORT ?? 3200), '127.0.0.1');
}

void start();
