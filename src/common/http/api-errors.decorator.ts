import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

class InnerErrorResource {
  @ApiPropertyOptional({ example: 'statusTransitionRefused' })
  code?: string;

  @ApiProperty({ example: '2026-12-03T09:30:00Z' })
  date!: string;

  @ApiProperty({ name: 'request-id', example: '0d1f5ad6-3c55-4c2f-9c4b-2f0c8f6f7a10' })
  'request-id'!: string;

  @ApiPropertyOptional({ name: 'client-request-id', example: 'my-tool-42' })
  'client-request-id'?: string;
}

class ErrorDetailResource {
  @ApiProperty({ example: 'invalidValue' })
  code!: string;

  @ApiProperty({ example: "Invalid value for 'percentProgress': must not be greater than 100." })
  message!: string;

  @ApiPropertyOptional({ example: 'percentProgress' })
  target?: string;
}

class ErrorBodyResource {
  @ApiProperty({ example: 'conflict' })
  code!: string;

  @ApiProperty({ example: "An operation cannot move from 'running' to 'notStarted'." })
  message!: string;

  @ApiPropertyOptional({ example: 'status' })
  target?: string;

  @ApiPropertyOptional({ type: [ErrorDetailResource] })
  details?: ErrorDetailResource[];

  @ApiProperty({ type: InnerErrorResource })
  innerError!: InnerErrorResource;
}

/** Graph's error response body. */
export class GraphErrorResource {
  @ApiProperty({ type: ErrorBodyResource })
  error!: ErrorBodyResource;
}

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is malformed: the body, a query option, a header or a path id.',
  404: "No such case or operation in the caller's tenant.",
  409: 'The change conflicts with the current state.',
  412: 'If-Match names a version that is no longer current.',
  413: 'The body is larger than 1 MB.',
  415: 'The body is not JSON.',
};

/** Documents the Graph error responses a route can give. */
export function ApiGraphErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: GraphErrorResource }),
    ),
  );
}
