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
  ApiProduces,
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
import {
  answerToWrite,
  applyPreferences,
  Preferences,
  readPreferences,
} from '../../common/http/preferences';
import { RequestBodyPipe } from '../../common/http/request-body.pipe';
import { createValidationPipe } from '../../common/http/validation';
import { ApiIdempotencyKey } from '../../common/idempotency/idempotency-key.header';
import { IdempotentCreation } from '../../common/idempotency/idempotent-creation';
import { CaseOperationService } from '../application/case-operation.service';
import { CaseOperation } from '../domain/case-operation.aggregate';
import {
  CreateOperationDto,
  SERVER_OWNED_OPERATION_PROPERTIES,
  UpdateOperationDto,
} from './dto/operation.dto';
import {
  OperationCollectionResource,
  OperationResource,
  presentOperation,
} from './operation.resource';
import { toOperationRequest, toOperationUpdate } from './operation-request.mapper';

export const OPERATIONS = 'compliance/ediscovery/cases/:caseId/operations';
const operationBody = () => [
  new RequestBodyPipe(SERVER_OWNED_OPERATION_PROPERTIES),
  createValidationPipe(),
];
const caseId = () => new IdPipe('caseId');
const operationId = () => new IdPipe('operationId');

@ApiTags('operations')
@ApiGraphErrors(400, 404)
@Controller(OPERATIONS)
export class CaseOperationController {
  constructor(
    private readonly operations: CaseOperationService,
    private readonly idempotency: IdempotentCreation,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an operation in an active case' })
  @ApiBody({ type: CreateOperationDto })
  @ApiCreatedResponse({ type: OperationResource, description: 'The new operation.' })
  @ApiNoContentResponse({ description: 'With Prefer: return=minimal.' })
  @ApiGraphErrors(409, 413, 415)
  @ApiIdempotencyKey()
  create(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) parentId: string,
    @Body(...operationBody()) body: CreateOperationDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OperationResource | undefined> {
    const exchange = { tenantId: caller.tenantId, request, response, body };
    return this.idempotency.run(exchange, async () => {
      const preferences = readPreferences(request);
      const operation = await this.operations.create(
        caller,
        parentId,
        toOperationRequest(body, preferences.includeUnknownEnumMembers),
      );

      response.setHeader('Location', `${this.collectionUrl(request, parentId)}/${operation.id}`);
      return this.respondToWrite(request, response, operation, preferences, 'create');
    });
  }

  @Get()
  @ApiOperation({
    summary: 'List the operations of a case',
    description:
      'OData options: $filter, $orderby, $select, $top (1-1000, default 100), $skip, $count, ' +
      '$skiptoken (from @odata.nextLink). Prefer: odata.maxpagesize, include-unknown-enum-members.',
  })
  @ApiOkResponse({ type: OperationCollectionResource })
  async list(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) parentId: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown>> {
    const { view, honoured } = collectionViewOf(request);
    const page = await this.operations.list(caller, parentId, view);

    applyPreferences(response, honoured);
    const root = serviceRoot(request, this.config.publicBaseUrl);
    return collectionBody(
      operationsContext(root, parentId),
      page,
      (operation) => presentOperation(operation, view.includeUnknownEnumMembers),
      this.collectionUrl(request, parentId),
    );
  }

  @Get('$count')
  @ApiOperation({ summary: 'Count the operations of a case that match $filter' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'integer', example: 42 } })
  async count(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) parentId: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const { view } = collectionViewOf(request);
    const count = await this.operations.count(caller, parentId, view);

    response.type('text/plain');
    return String(count);
  }

  @Get(':operationId')
  @ApiOperation({ summary: 'Get an operation; an unfinished one suggests when to poll again' })
  @ApiOkResponse({ type: OperationResource })
  async get(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) parentId: string,
    @Param('operationId', operationId()) id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OperationResource | undefined> {
    const operation = await this.operations.get(caller, parentId, id);
    if (!operation.isFinished) {
      response.setHeader('Retry-After', String(this.config.operationRetryAfterSeconds));
    }
    if (isNotModified(request, operation.version)) {
      response.status(304).setHeader('ETag', entityTag(operation.version));
      return undefined;
    }
    return this.entity(request, response, operation, readPreferences(request));
  }

  @Patch(':operationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Report progress or the outcome of an operation' })
  @ApiBody({ type: UpdateOperationDto })
  @ApiNoContentResponse({ description: 'Updated.' })
  @ApiOkResponse({ type: OperationResource, description: 'With Prefer: return=representation.' })
  @ApiGraphErrors(409, 412, 413, 415)
  async update(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) parentId: string,
    @Param('operationId', operationId()) id: string,
    @Body(...operationBody()) body: UpdateOperationDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OperationResource | undefined> {
    const preferences = readPreferences(request);
    const update = toOperationUpdate(body, preferences.includeUnknownEnumMembers);
    const operation = await this.operations.update(
      caller,
      parentId,
      id,
      update,
      expectedVersionFrom(request),
    );

    return this.respondToWrite(request, response, operation, preferences, 'update');
  }

  @Delete(':operationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an operation' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiGraphErrors(412)
  async delete(
    @CurrentCaller() caller: Caller,
    @Param('caseId', caseId()) parentId: string,
    @Param('operationId', operationId()) id: string,
    @Req() request: Request,
  ): Promise<void> {
    await this.operations.delete(caller, parentId, id, expectedVersionFrom(request));
  }

  private respondToWrite(
    request: Request,
    response: Response,
    operation: CaseOperation,
    preferences: Preferences,
    write: 'create' | 'update',
  ): OperationResource | undefined {
    const answer = answerToWrite(write, preferences);
    response.status(answer.status).setHeader('ETag', entityTag(operation.version));
    if (answer.withEntity) {
      return this.entity(request, response, operation, preferences, answer.honoured);
    }

    applyPreferences(response, answer.honoured);
    return undefined;
  }

  private entity(
    request: Request,
    response: Response,
    operation: CaseOperation,
    preferences: Preferences,
    honoured: readonly string[] = [],
  ): OperationResource {
    response.setHeader('ETag', entityTag(operation.version));
    const include = preferences.includeUnknownEnumMembers;
    applyPreferences(response, include ? [...honoured, 'include-unknown-enum-members'] : honoured);

    const caseId = operation.snapshot().caseId;
    const root = serviceRoot(request, this.config.publicBaseUrl);
    return {
      '@odata.context': `${operationsContext(root, caseId)}/$entity`,
      ...presentOperation(operation, include),
    };
  }

  private collectionUrl(request: Request, parentId: string): string {
    const root = serviceRoot(request, this.config.publicBaseUrl);
    return `${root}/${OPERATIONS.replace(':caseId', parentId)}`;
  }
}

/** The `@odata.context` of a case's operations collection; an entity's adds `/$entity`. */
function operationsContext(root: string, caseId: string): string {
  return `${root}/$metadata#compliance/ediscovery/cases('${caseId}')/operations`;
}
