import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_OUTCOMES, type AuditOutcome } from './audit-record.js';

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 500;

export class ListAuditRecordsQueryDto {
  @ApiPropertyOptional({ description: 'Only records of this user (legacy username).', maxLength: 128, example: 'bob.north' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  user?: string;

  @ApiPropertyOptional({ description: 'Only records about this case.', pattern: '^[1-9][0-9]{0,7}$', example: '42' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,7}$/)
  caseId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'From this instant (inclusive). Default: 24 hours before `to`. The range spans at most 31 days.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Up to this instant (exclusive). Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_AUDIT_LIMIT, default: DEFAULT_AUDIT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_AUDIT_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.', maxLength: 512 })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class AuditRecordDto {
  @ApiProperty({ description: '`<chain>/<seq>`.', example: '2026-12-04~api-1-4f2a9c/17' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ description: 'What happened.', example: 'document.content.download' })
  action!: string;

  @ApiProperty({ description: 'Who: the legacy username, `anonymous`, or a service.', example: 'bob.north' })
  actor!: string;

  @ApiProperty({ description: 'What it was done to.', example: 'case/42/document/1001/version/7001' })
  target!: string;

  @ApiPropertyOptional({ example: '42' })
  caseId?: string;

  @ApiPropertyOptional({ example: '1001' })
  documentId?: string;

  @ApiPropertyOptional({ example: '7001' })
  versionId?: string;

  @ApiProperty({ enum: AUDIT_OUTCOMES, enumName: 'AuditOutcome' })
  outcome!: AuditOutcome;

  @ApiPropertyOptional({ type: 'integer', description: 'The HTTP status answered.' })
  status?: number;

  @ApiPropertyOptional({ description: 'The problem code answered.', example: 'CASE_ACCESS_DENIED' })
  code?: string;

  @ApiPropertyOptional()
  correlationId?: string;

  @ApiPropertyOptional({ description: 'Why (e.g. the reason given for a route change, or redaction reason codes).' })
  reason?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] },
    description: 'Small facts: `queryHash` (HMAC-SHA256 of a search query, never the query), `fields` changed, `urn` looked up, `noteLength`.',
  })
  details?: Record<string, string | number | boolean | null>;

  @ApiPropertyOptional({ description: 'The state before a change (any JSON value).' })
  before?: unknown;

  @ApiPropertyOptional({ description: 'The state after a change (any JSON value).' })
  after?: unknown;

  @ApiProperty({ description: 'The writer’s chain: `<UTC day>~<writer id>`.' })
  chain!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Place in the chain.' })
  seq!: number;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'Hash of the previous record of the chain (zeros for the first).' })
  prevHash!: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the canonical JSON of every other field.' })
  hash!: string;
}

export class AuditRecordPageDto {
  @ApiProperty({ type: [AuditRecordDto], description: 'Newest first.' })
  records!: AuditRecordDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next (older) page; null on the last page.' })
  nextCursor!: string | null;
}
