import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IdentitySetResource, toGraphDate } from '../../common/http/identity-set.resource';
import { entityTag } from '../../common/http/entity-tag';
import { EdiscoveryCase } from '../domain/case.aggregate';
import { CASE_STATUSES } from '../domain/case-status';
import { CASE_ODATA_TYPE } from './dto/case.dto';

/** A case as Graph clients receive it. */
export class CaseResource {
  @ApiPropertyOptional({
    name: '@odata.context',
    example: 'http://localhost:3000/beta/$metadata#compliance/ediscovery/cases/$entity',
  })
  '@odata.context'?: string;

  @ApiProperty({ name: '@odata.type', example: CASE_ODATA_TYPE })
  '@odata.type'!: string;

  @ApiProperty({ name: '@odata.etag', example: 'W/"1"' })
  '@odata.etag'!: string;

  @ApiProperty({ example: 'b7d5a6a2-5f0e-4a47-9a53-2c3c0a9f2e11', format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Contoso v. Fabrikam' })
  displayName!: string;

  @ApiProperty({ example: 'Litigation hold for the 2024 audit', nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ example: 'CASE-2024-017', nullable: true, type: String })
  externalId!: string | null;

  @ApiProperty({ enum: CASE_STATUSES, example: 'active' })
  status!: string;

  @ApiProperty({ example: '2026-12-03T09:30:00.000Z', format: 'date-time' })
  createdDateTime!: string;

  @ApiProperty({ example: '2026-12-03T09:30:00.000Z', format: 'date-time' })
  lastModifiedDateTime!: string;

  @ApiProperty({ example: null, format: 'date-time', nullable: true, type: String })
  closedDateTime!: string | null;

  @ApiProperty({ type: IdentitySetResource })
  createdBy!: IdentitySetResource;

  @ApiProperty({ type: IdentitySetResource })
  lastModifiedBy!: IdentitySetResource;

  @ApiProperty({ type: IdentitySetResource, nullable: true, example: null })
  closedBy!: IdentitySetResource | null;
}

export class CaseCollectionResource {
  @ApiProperty({
    name: '@odata.context',
    example: 'http://localhost:3000/beta/$metadata#compliance/ediscovery/cases',
  })
  '@odata.context'!: string;

  @ApiPropertyOptional({ name: '@odata.count', example: 1 })
  '@odata.count'?: number;

  @ApiProperty({ type: [CaseResource] })
  value!: CaseResource[];

  @ApiPropertyOptional({
    name: '@odata.nextLink',
    example: 'http://localhost:3000/beta/compliance/ediscovery/cases?$top=100&$skiptoken=eyJ2…',
  })
  '@odata.nextLink'?: string;
}

/** The case in Graph's shape, without `@odata.context` (the caller adds the one that fits). */
export function presentCase(ediscoveryCase: EdiscoveryCase): CaseResource {
  const state = ediscoveryCase.snapshot();
  return {
    '@odata.type': CASE_ODATA_TYPE,
    '@odata.etag': entityTag(state.version),
    id: state.id,
    displayName: state.displayName,
    description: state.description,
    externalId: state.externalId,
    status: state.status,
    createdDateTime: toGraphDate(state.createdDateTime),
    lastModifiedDateTime: toGraphDate(state.lastModifiedDateTime),
    closedDateTime: toGraphDate(state.closedDateTime),
    createdBy: state.createdBy,
    lastModifiedBy: state.lastModifiedBy,
    closedBy: state.closedBy,
  };
}
