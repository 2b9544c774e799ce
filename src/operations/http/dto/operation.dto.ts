import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { IsDateTimeOffset } from '../../../common/http/date-time-offset.validator';
import { WhenNotNull, WhenSent } from '../../../common/http/presence';
import { CASE_ACTIONS } from '../../domain/case-action';
import { OPERATION_STATUSES } from '../../domain/operation-status';
import {
  EXPORT_OPTIONS,
  EXPORT_STRUCTURES,
  OPERATION_TYPE_NAMES,
} from '../../domain/operation-type';

export const ODATA_NAMESPACE = '#microsoft.graph.ediscovery.';
export const ODATA_TYPES = OPERATION_TYPE_NAMES.map((type) => `${ODATA_NAMESPACE}${type}`);
const WRITABLE_ACTIONS = CASE_ACTIONS.filter((action) => action !== 'unknownFutureValue');
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const EXPORT_OPTIONS_LIST = new RegExp(
  `^(${EXPORT_OPTIONS.join('|')})(,(${EXPORT_OPTIONS.join('|')}))*$`,
);

/** Properties a client may echo back from a GET; they are the server's and are ignored. */
export const SERVER_OWNED_OPERATION_PROPERTIES = ['id', 'createdDateTime', 'createdBy'];

const members = (values: readonly string[]) => ({
  message: `must be one of: ${values.join(', ')}`,
});

export class ResultInfoDto {
  @ApiProperty({ example: 0, format: 'int32' })
  @IsInt()
  @Min(INT32_MIN)
  @Max(INT32_MAX)
  code!: number;

  @ApiProperty({ example: 'Exported 1,204 items', nullable: true, type: String })
  @WhenNotNull()
  @IsString()
  @MaxLength(4000)
  message!: string | null;

  @ApiProperty({ example: 0, format: 'int32' })
  @IsInt()
  @Min(INT32_MIN)
  @Max(INT32_MAX)
  subcode!: number;
}

/** A text property of caseExportOperation: absent, null, or a string of at most `max`. */
function ExportText(max: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: 'caseExportOperation only',
      nullable: true,
      type: String,
      maxLength: max,
    }),
    WhenNotNull(),
    IsString(),
    MaxLength(max),
  );
}

/** A count of estimateStatisticsOperation: absent, null, or a non-negative integer. */
function EstimateCount(format: 'int32' | 'int64'): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      format,
      description: 'estimateStatisticsOperation only',
      nullable: true,
      type: Number,
    }),
    WhenNotNull(),
    IsInt(),
    Min(0),
    Max(format === 'int32' ? INT32_MAX : Number.MAX_SAFE_INTEGER),
  );
}

/** The writable properties shared by creation and update. */
class OperationFieldsDto {
  @ApiPropertyOptional({ name: '@odata.type', enum: ODATA_TYPES, example: ODATA_TYPES[0] })
  @WhenSent()
  @IsIn(ODATA_TYPES, members(ODATA_TYPES))
  '@odata.type'?: string;

  @ApiPropertyOptional({ enum: OPERATION_STATUSES, example: 'running' })
  @WhenSent()
  @IsIn(OPERATION_STATUSES, members(OPERATION_STATUSES))
  status?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 40, format: 'int32' })
  @WhenSent()
  @IsInt()
  @Min(0)
  @Max(100)
  percentProgress?: number;

  @ApiPropertyOptional({ example: '2026-12-03T10:15:00Z', format: 'date-time' })
  @WhenSent()
  @IsDateTimeOffset()
  completedDateTime?: string;

  @ApiPropertyOptional({ type: ResultInfoDto })
  @WhenSent()
  @IsObject()
  @ValidateNested()
  @Type(() => ResultInfoDto)
  resultInfo?: ResultInfoDto;

  @ExportText(4000)
  description?: string | null;

  @ExportText(1024)
  outputName?: string | null;

  @ExportText(1024)
  outputFolderId?: string | null;

  @ExportText(1024)
  azureBlobContainer?: string | null;

  @ExportText(4096)
  azureBlobToken?: string | null;

  @ApiPropertyOptional({
    description: `caseExportOperation only: comma-separated flags of ${EXPORT_OPTIONS.join(', ')}`,
    example: 'originalFiles,fileInfo',
    nullable: true,
    type: String,
  })
  @WhenNotNull()
  @IsString()
  @Matches(EXPORT_OPTIONS_LIST, {
    message: `must be a comma-separated list of ${EXPORT_OPTIONS.join(', ')}`,
  })
  exportOptions?: string | null;

  @ApiPropertyOptional({
    enum: EXPORT_STRUCTURES,
    description: 'caseExportOperation only',
    nullable: true,
  })
  @WhenNotNull()
  @IsIn(EXPORT_STRUCTURES, members(EXPORT_STRUCTURES))
  exportStructure?: string | null;

  @EstimateCount('int64')
  indexedItemCount?: number | null;

  @EstimateCount('int64')
  indexedItemsSize?: number | null;

  @EstimateCount('int64')
  unindexedItemCount?: number | null;

  @EstimateCount('int64')
  unindexedItemsSize?: number | null;

  @EstimateCount('int32')
  mailboxCount?: number | null;

  @EstimateCount('int32')
  siteCount?: number | null;
}

export class CreateOperationDto extends OperationFieldsDto {
  @ApiPropertyOptional({
    enum: WRITABLE_ACTIONS,
    example: 'contentExport',
    description: 'Required unless @odata.type names a derived type (it implies the action).',
  })
  @WhenSent()
  @IsIn(WRITABLE_ACTIONS, members(WRITABLE_ACTIONS))
  action?: string;
}

export class UpdateOperationDto extends OperationFieldsDto {
  @ApiPropertyOptional({
    enum: CASE_ACTIONS,
    description: 'Never changes; when sent it must be the current action.',
  })
  @WhenSent()
  @IsIn(CASE_ACTIONS, members(CASE_ACTIONS))
  action?: string;
}
