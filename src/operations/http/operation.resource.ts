import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { entityTag } from '../../common/http/entity-tag';
import { IdentitySetResource, toGraphDate } from '../../common/http/identity-set.resource';
import { CaseOperation, ResultInfo } from '../domain/case-operation.aggregate';
import { CASE_ACTIONS, EVOLVED_ACTIONS, UNKNOWN_FUTURE_ACTION } from '../domain/case-action';
import { OPERATION_STATUSES } from '../domain/operation-status';
import { OperationPropertyValue, propertiesOfType } from '../domain/operation-type';
import { ODATA_NAMESPACE, ODATA_TYPES, ResultInfoDto } from './dto/operation.dto';

const EXAMPLE_OPERATIONS_CONTEXT =
  'http://localhost:3000/beta/$metadata#compliance/ediscovery/' +
  "cases('b7d5a6a2-5f0e-4a47-9a53-2c3c0a9f2e11')/operations";

/** A case operation as Graph clients receive it (type-specific properties follow the base). */
export class OperationResource {
  @ApiPropertyOptional({
    name: '@odata.context',
    example: `${EXAMPLE_OPERATIONS_CONTEXT}/$entity`,
  })
  '@odata.context'?: string;

  @ApiProperty({ name: '@odata.type', enum: ODATA_TYPES, example: ODATA_TYPES[0] })
  '@odata.type'!: string;

  @ApiProperty({ name: '@odata.etag', example: 'W/"2"' })
  '@odata.etag'!: string;

  @ApiProperty({ example: '5e0b7f4e-9d2c-4a51-8f0e-1b6f2d7c3a90', format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '2026-12-03T09:30:00.000Z', format: 'date-time' })
  createdDateTime!: string;

  @ApiProperty({ example: null, format: 'date-time', nullable: true, type: String })
  completedDateTime!: string | null;

  @ApiProperty({ example: 40, format: 'int32', nullable: true, type: Number })
  percentProgress!: number;

  @ApiProperty({ enum: OPERATION_STATUSES, example: 'running' })
  status!: string;

  @ApiProperty({ enum: CASE_ACTIONS, example: 'contentExport' })
  action!: string;

  @ApiProperty({ type: IdentitySetResource })
  createdBy!: IdentitySetResource;

  @ApiProperty({ type: ResultInfoDto, nullable: true, example: null })
  resultInfo!: ResultInfo | null;

  [typeSpecific: string]: unknown;
}

export class OperationCollectionResource {
  @ApiProperty({
    name: '@odata.context',
    example: EXAMPLE_OPERATIONS_CONTEXT,
  })
  '@odata.context'!: string;

  @ApiPropertyOptional({ name: '@odata.count', example: 1 })
  '@odata.count'?: number;

  @ApiProperty({ type: [OperationResource] })
  value!: OperationResource[];

  @ApiPropertyOptional({ name: '@odata.nextLink' })
  '@odata.nextLink'?: string;
}

/**
 * The operation in Graph's shape. A client that did not opt into evolved enum members sees
 * `unknownFutureValue` for the action and the base type, which is true of every operation.
 */
export function presentOperation(
  operation: CaseOperation,
  includeUnknownEnumMembers: boolean,
): OperationResource {
  const state = operation.snapshot();
  const hidden = !includeUnknownEnumMembers && EVOLVED_ACTIONS.includes(state.action);
  const type = hidden ? 'caseOperation' : state.type;

  return {
    '@odata.type': `${ODATA_NAMESPACE}${type}`,
    '@odata.etag': entityTag(state.version),
    id: state.id,
    createdDateTime: toGraphDate(state.createdDateTime),
    completedDateTime: toGraphDate(state.completedDateTime),
    percentProgress: state.percentProgress,
    status: state.status,
    action: hidden ? UNKNOWN_FUTURE_ACTION : state.action,
    createdBy: state.createdBy,
    resultInfo: state.resultInfo,
    ...typeSpecific(propertiesOfType(type), state.properties),
  };
}

function typeSpecific(
  names: readonly string[],
  stored: Readonly<Record<string, OperationPropertyValue>>,
): Record<string, OperationPropertyValue> {
  return Object.fromEntries(names.map((name) => [name, stored[name] ?? null]));
}
