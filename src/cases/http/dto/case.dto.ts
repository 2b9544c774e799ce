import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsString, Matches, MaxLength } from 'class-validator';

import { WhenNotNull, WhenSent } from '../../../common/http/presence';

export const CASE_ODATA_TYPE = '#microsoft.graph.ediscovery.case';
const NOT_BLANK = /\S/;

/** Properties a client may echo back from a GET; they are the server's and are ignored. */
export const SERVER_OWNED_CASE_PROPERTIES = [
  'id',
  'status',
  'createdDateTime',
  'lastModifiedDateTime',
  'closedDateTime',
  'createdBy',
  'lastModifiedBy',
  'closedBy',
];

export class CreateCaseDto {
  @ApiPropertyOptional({ example: CASE_ODATA_TYPE })
  @WhenSent()
  @Equals(CASE_ODATA_TYPE, { message: `must be '${CASE_ODATA_TYPE}'` })
  '@odata.type'?: string;

  @ApiProperty({ example: 'Contoso v. Fabrikam', maxLength: 256 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  @MaxLength(256)
  displayName!: string;

  @ApiPropertyOptional({ example: 'Litigation hold for the 2024 audit', maxLength: 4000 })
  @WhenNotNull()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({ example: 'CASE-2024-017', maxLength: 256 })
  @WhenNotNull()
  @IsString()
  @MaxLength(256)
  externalId?: string | null;
}

export class UpdateCaseDto {
  @ApiPropertyOptional({ example: CASE_ODATA_TYPE })
  @WhenSent()
  @Equals(CASE_ODATA_TYPE, { message: `must be '${CASE_ODATA_TYPE}'` })
  '@odata.type'?: string;

  @ApiPropertyOptional({ example: 'Contoso v. Fabrikam (appeal)', maxLength: 256 })
  @WhenSent()
  @IsString()
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  @MaxLength(256)
  displayName?: string;

  @ApiPropertyOptional({ example: 'Hold extended to 2025', maxLength: 4000, nullable: true })
  @WhenNotNull()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({ example: 'CASE-2024-017', maxLength: 256, nullable: true })
  @WhenNotNull()
  @IsString()
  @MaxLength(256)
  externalId?: string | null;
}
