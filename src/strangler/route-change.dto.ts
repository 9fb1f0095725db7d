import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ROUTE_MODES, type RouteMode } from './route-state.js';

/** A new desired state for one route; the route table validates it against the route's definition. */
export class RouteChangeDto {
  @ApiProperty({ enum: ROUTE_MODES, enumName: 'StranglerMode', description: 'The new mode.' })
  @IsIn(ROUTE_MODES)
  mode!: RouteMode;

  /** Canary only: share of users (0–100) routed to modern by a stable hash of their id. */
  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 10 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  percent?: number;

  /** Canary only: user ids (token subjects) always routed to modern. */
  @ApiPropertyOptional({ type: [String], maxItems: 10_000 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @Length(1, 256, { each: true })
  cohort?: string[];

  /** Modern and canary on a read: answer from legacy when modern fails or exceeds the latency budget. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  fallback?: boolean;

  /** Required for canary or modern on a write route. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allowWrites?: boolean;

  /** Why the change is made (kept in the audit record). */
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'mismatch rate at noise floor for a week' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class KillSwitchDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'modern error rate spiking' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}
