import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Request, Response } from 'express';

import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/app-config.token';
import { Caller } from '../../common/domain/caller';
import { ApiGraphErrors } from '../../common/http/api-errors.decorator';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { collectionBody } from '../../common/http/collection';
import { collectionViewOf } from '../../common/http/collection-view';
import { entityTag, expectedVersionFrom, isNotModified } from '../../common/http/entity-tag';
import { IdPipe } from '../../common/http/id.pipe';
import { serviceRoot } from '../../common/http/links';
import { answerToWrite, applyPreferences, readPreferences } from '../../common/http/preferences';
import { RequestBodyPipe } from '../../common/http/request-body.pipe';
import { createValidationPipe } from '../../common/http/validation';
import { ApiIdempotencyKey } from '../../common/idempotency/idempotency-key.header';
import { IdempotentCreation } from '../../common/idempotency/idempotent-creation';
import { CaseService } from '../application/case.service';
import { EdiscoveryCase } from '../domain/case.aggregate';
import { CaseCollectionResource, CaseResource, presentCase } from './case.resource';
import { CreateCaseDto, SERVER_OWNED_CASE_PROPERTIES, UpdateCaseDto } from './dto/case.dto';

const CASES = 'compliance/ediscovery/cases';
const caseBody = () => [new RequestBodyPipe(SERVER_OWNED_CASE_PROPERTIES), createValidationPipe()];
const caseId = () => new IdPipe('caseId');

@ApiTags('cases')
@ApiGraphErrors(400)
@Controller(CASES)
export class CaseController {
  constructor(
    private readonly cases: CaseService,
    private readonly idempotency: IdempotentCreation,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a case' })
  @ApiBody({ type: CreateCaseDto })
  @ApiCreatedResponse({ type: CaseResource, description: 'The new case; Location names it.' })
  @ApiNoContentResponse({ description: 'With Prefer: return=minimal.' })
  @ApiGraphErrors(409, 413, 415)
  @ApiIdempotencyKey()
  create(
    @CurrentCaller() caller: Caller,
    @Body(...caseBody()) body: CreateCaseDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseResource | undefined> {
    const exchange = { tenantId: caller.tenantId, request, response, body };
    return this.idempotency.run(exchange, async () => {
      const created = await this.cases.create(caller, body);

      response.status(201).setHeader('Location', this.location(request, created.id));
      return this.respondToWrite(request, response, created, 'create');
    });
  }

  @Get()
  @ApiOperation({
    summary: 'List cases',
    description:
      'OData options: $filter, $orderby, $select, $top (1-1000, default 100), $skip, $count, ' +
      '$skiptoken (from @odata.nextLink). Prefer: odata.maxpagesize.',
  })
  @ApiOkResponse({ type: CaseCollectionResource })
  async list(
    @CurrentCaller() caller: Caller,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown>> {
    const { view, honoured } = collectionViewOf(request);
    const page = await this.cases.list(caller, view);

    applyPreferences(response, honoured);
    const root = serviceRoot(request, this.config.publicBaseUrl);
    return collectionBody(
      `${root}/$metadata#compliance/ediscovery/cases`,
      page,
      presentCase,
      `${root}/${CASES}`,
    );
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'Get a case' })
  @ApiOkResponse({ type: CaseResource })
  @ApiGraphErrors(404)
  async get(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseResource | undefined> {
    const found = await this.cases.get(caller, id);
    if (isNotModified(request, found.version)) {
      response.status(304).setHeader('ETag', entityTag(found.version));
      return undefined;
    }
    return this.entity(request, response, found);
  }

  @Patch(':caseId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Update a case (displayName, description, externalId)' })
  @ApiBody({ type: UpdateCaseDto })
  @ApiNoContentResponse({ description: 'Updated.' })
  @ApiOkResponse({ type: CaseResource, description: 'With Prefer: return=representation.' })
  @ApiGraphErrors(404, 409, 412, 413, 415)
  async update(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) id: string,
    @Body(...caseBody()) body: UpdateCaseDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseResource | undefined> {
    const { displayName, description, externalId } = body;
    const changes = { displayName, description, externalId };
    const updated = await this.cases.describe(caller, id, changes, expectedVersionFrom(request));

    return this.respondToWrite(request, response, updated, 'update');
  }

  @Delete(':caseId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a closed case and all of its operations' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiGraphErrors(404, 409, 412)
  async delete(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) id: string,
    @Req() request: Request,
  ): Promise<void> {
    await this.cases.delete(caller, id, expectedVersionFrom(request));
  }

  @Post(':caseId/close')
  @HttpCode(204)
  @ApiOperation({ summary: 'Close an active case; it then accepts no new operations' })
  @ApiNoContentResponse({ description: 'Closed.' })
  @ApiGraphErrors(404, 409)
  async close(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) id: string,
  ): Promise<void> {
    await this.cases.close(caller, id);
  }

  @Post(':caseId/reopen')
  @HttpCode(204)
  @ApiOperation({ summary: 'Reopen a closed case' })
  @ApiNoContentResponse({ description: 'Reopened.' })
  @ApiGraphErrors(404, 409)
  async reopen(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) id: string,
  ): Promise<void> {
    await this.cases.reopen(caller, id);
  }

  private respondToWrite(
    request: Request,
    response: Response,
    ediscoveryCase: EdiscoveryCase,
    write: 'create' | 'update',
  ): CaseResource | undefined {
    const answer = answerToWrite(write, readPreferences(request));
    response.status(answer.status).setHeader('ETag', entityTag(ediscoveryCase.version));
    applyPreferences(response, answer.honoured);

    return answer.withEntity ? this.entity(request, response, ediscoveryCase) : undefined;
  }

  private entity(request: Request, response: Response, found: EdiscoveryCase): CaseResource {
    response.setHeader('ETag', entityTag(found.version));
    const root = serviceRoot(request, this.config.publicBaseUrl);
    return {
      '@odata.context': `${root}/$metadata#compliance/ediscovery/cases/$entity`,
      ...presentCase(found),
    };
  }

  private location(request: Request, id: string): string {
    return `${serviceRoot(request, this.config.publicBaseUrl)}/${CASES}/${id}`;
  }
}
