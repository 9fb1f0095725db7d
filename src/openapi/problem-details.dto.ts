import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from '../common/error-codes.js';

/** An RFC 9457 problem+json body, as every error response of the facade carries. */
export class ProblemDetailsDto {
  /** A URI reference identifying the problem type. */
  @ApiProperty({ example: 'about:blank' })
  type!: string;

  /** A short, human-readable summary of the problem type. */
  @ApiProperty({ example: 'Case not found' })
  title!: string;

  /** The HTTP status code. */
  @ApiProperty({ type: 'integer', example: 404 })
  status!: number;

  /** What went wrong with this request, without personal data. */
  @ApiPropertyOptional({ example: 'no case 42 in the legacy CMS' })
  detail?: string;

  /** The facade's error code; clients branch on this, not on the title. */
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', example: 'CASE_NOT_FOUND' })
  code!: ErrorCode;

  /** Echoes the request's correlation id; quote it when reporting a problem. */
  @ApiProperty({ example: '5f1d3c9e-2b7a-4c1e-9a8f-0c6b1d2e3f40' })
  correlationId!: string;

  /** The request path that failed. */
  @ApiPropertyOptional({ example: '/api/v1/cases/42' })
  instance?: string;
}
