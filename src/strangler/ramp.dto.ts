import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import type { GateFigures, GateName, RampEvaluation, RampGates, RampStatus, RampVerdict } from './ramp-plan.js';
import { RAMP_STATUSES } from './ramp-plan.js';
import type { RampView } from './ramp-controller.service.js';
import { RouteSettingsDto } from './routes-admin.dto.js';

/** OpenAPI shapes of ramp plans (ramp-plan.ts validates them again with zod). */
export class RampGatesDto implements RampGates {
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.01, description: 'Most share of shadow comparisons with a difference never seen in the noise floor.' })
  @IsNumber()
  @Min(0)
  @Max(1)
  maxMismatchAboveNoise!: number;

  @ApiProperty({ minimum: 0, maximum: 1, example: 0.02, description: 'Most share of modern attempts answered from legacy instead.' })
  @IsNumber()
  @Min(0)
  @Max(1)
  maxFallbackRate!: number;

  @ApiProperty({ minimum: 0, maximum: 1, example: 0.01, description: 'Most share of modern attempts (primary, fallback, shadow) that failed or timed out.' })
  @IsNumber()
  @Min(0)
  @Max(1)
  maxModernErrorRate!: number;

  @ApiProperty({ minimum: 0, maximum: 1000, example: 1.5, description: 'Most modern p99 latency over legacy p99 latency.' })
  @IsNumber()
  @Min(0)
  @Max(1000)
  maxP99Ratio!: number;
}

export class RampPlanDto {
  @ApiProperty({ type: [Number], example: [1, 5, 25, 50, 100], description: 'Rising canary percentages; 100 means modern.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsNumber({}, { each: true })
  steps!: number[];

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 604800, example: 600, description: 'How long each step must hold its gates.' })
  @IsInt()
  @Min(1)
  @Max(604_800)
  bakeSeconds!: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: 200, description: 'Calls a step must see before it may advance, and before a gate may trip.' })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  minCalls!: number;

  @ApiProperty({ type: RampGatesDto })
  @ValidateNested()
  @Type(() => RampGatesDto)
  gates!: RampGatesDto;

  @ApiPropertyOptional({ description: 'Canary and modern steps answer from legacy when modern fails.' })
  @IsOptional()
  @IsBoolean()
  fallback?: boolean;
}

export class StopRampDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'pausing for the release freeze' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class GateFiguresDto implements GateFigures {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Calls served in the window (both sides).' })
  calls!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  modernAttempts!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  shadowCompared!: number;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 })
  mismatchAboveNoise!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 })
  fallbackRate!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 })
  modernErrorRate!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  legacyP99Ms!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  modernP99Ms!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  modernP50Ms!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  p99Ratio!: number | null;
}

const GATE_NAMES: GateName[] = ['mismatchAboveNoise', 'fallbackRate', 'modernErrorRate', 'p99Ratio'];

export class RampEvaluationDto implements RampEvaluation {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  stepIndex!: number;

  @ApiProperty({ minimum: 0, maximum: 100 })
  percent!: number;

  @ApiProperty({ type: GateFiguresDto })
  figures!: GateFiguresDto;

  @ApiProperty({ enum: GATE_NAMES, isArray: true })
  tripped!: readonly GateName[];

  @ApiProperty({ enum: ['wait', 'advance', 'trip'] })
  verdict!: RampVerdict;
}

export class RampWindowDto {
  @ApiProperty({ type: GateFiguresDto })
  figures!: GateFiguresDto;

  @ApiProperty({ enum: GATE_NAMES, isArray: true })
  tripped!: readonly GateName[];

  @ApiProperty({ type: 'integer', minimum: 0 })
  elapsedSeconds!: number;
}

export class RampViewDto implements RampView {
  @ApiProperty({ example: 'cases.getSummary' })
  route!: string;

  @ApiProperty({ type: RampPlanDto })
  plan!: RampPlanDto;

  @ApiProperty({ enum: RAMP_STATUSES })
  status!: RampStatus;

  @ApiProperty({ type: 'integer', minimum: 0, description: '0-based index into plan.steps.' })
  stepIndex!: number;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'The current step’s canary percent.' })
  percent!: number;

  @ApiProperty({ format: 'date-time' })
  stepStartedAt!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty()
  startedBy!: string;

  @ApiProperty({ type: RouteSettingsDto, description: 'The mode a tripped gate returns the route to (its mode when the ramp started).' })
  safeSettings!: RouteSettingsDto;

  @ApiProperty({ type: 'integer', minimum: 0 })
  appliedRevision!: number;

  @ApiProperty({ type: RampEvaluationDto, nullable: true })
  lastEvaluation!: RampEvaluationDto | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  endedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  endReason!: string | null;

  @ApiProperty({ type: RampWindowDto, nullable: true, description: 'The current step’s window so far (active ramps only).' })
  current!: RampWindowDto | null;
}
