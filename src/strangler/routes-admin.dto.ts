import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DifferenceKind } from './comparator.js';
import type { RedactedDifference, RedactedValue } from './diff-redactor.js';
import type { DiffSample } from './diff-sample-ring.js';
import { ROUTE_MODES, type RouteChangeRecord, type RouteMode, type RouteSettings, type RouteState } from './route-state.js';

/** OpenAPI shapes of the routes admin API (routes-admin.controller.ts) and of a ramp's safe settings. */
export class RouteSettingsDto implements RouteSettings {
  @ApiProperty({ enum: ROUTE_MODES, enumName: 'StranglerMode', description: 'The desired mode.' })
  mode!: RouteMode;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  percent?: number;

  @ApiPropertyOptional({ type: [String] })
  cohort?: string[];

  @ApiPropertyOptional()
  fallback?: boolean;

  @ApiPropertyOptional()
  allowWrites?: boolean;
}

export class RouteStateDto extends RouteSettingsDto implements RouteState {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Increases by one with every change.' })
  revision!: number;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty()
  updatedBy!: string;

  @ApiProperty()
  reason!: string;
}

export class RouteChangeRecordDto implements RouteChangeRecord {
  @ApiProperty({ example: 'documents.list' })
  route!: string;

  @ApiProperty({ description: 'Who made the change.' })
  actor!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: RouteStateDto, nullable: true, description: 'Null when the route had no stored state (legacy by default).' })
  from!: RouteStateDto | null;

  @ApiProperty({ type: RouteStateDto })
  to!: RouteStateDto;
}

export class RouteAdminViewDto {
  @ApiProperty({ example: 'documents.list' })
  name!: string;

  @ApiProperty({ enum: ['read', 'write'] })
  kind!: 'read' | 'write';

  @ApiProperty()
  hasModern!: boolean;

  @ApiProperty()
  supportsDryRun!: boolean;

  @ApiProperty({ enum: ROUTE_MODES, enumName: 'StranglerMode', description: 'The mode calls resolve against.' })
  mode!: RouteMode;

  @ApiProperty({ type: RouteStateDto, nullable: true })
  desired!: RouteStateDto | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the desired state cannot apply.' })
  problem!: string | null;
}

export class RedactedValueDto implements RedactedValue {
  @ApiProperty({ enum: ['null', 'array', 'object', 'string', 'number', 'boolean', 'other'] })
  type!: RedactedValue['type'];

  @ApiProperty({ description: 'Short keyed hash: equal values hash alike within one process only.', example: '9f2c1a07' })
  hash!: string;
}

export class RedactedDifferenceDto implements RedactedDifference {
  @ApiProperty({ example: '$.documents[3].title' })
  path!: string;

  @ApiProperty({ example: '$.documents[*].title' })
  pattern!: string;

  @ApiProperty({ enum: ['changed', 'type', 'missing', 'extra'] })
  kind!: DifferenceKind;

  @ApiProperty({ type: RedactedValueDto, nullable: true })
  legacy!: RedactedValueDto | null;

  @ApiProperty({ type: RedactedValueDto, nullable: true })
  modern!: RedactedValueDto | null;
}

export class DiffSampleDto implements DiffSample {
  @ApiProperty()
  route!: string;

  @ApiProperty({ enum: ['shadow', 'noise-floor'], description: '`shadow`: legacy vs modern; `noise-floor`: legacy vs legacy.' })
  source!: 'shadow' | 'noise-floor';

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: String, nullable: true })
  correlationId!: string | null;

  @ApiProperty({ type: [RedactedDifferenceDto] })
  differences!: RedactedDifferenceDto[];

  @ApiProperty()
  truncated!: boolean;
}
