import { ApiProperty } from '@nestjs/swagger';
import type { ClientCalls, MigrationReport, MigrationRouteReport, MismatchPathCount, RampReport } from './migration-report.js';
import { RAMP_STATUSES, type RampStatus } from './ramp-plan.js';
import { GateFiguresDto, RampGatesDto } from './ramp.dto.js';
import { ROUTE_MODES, type RouteMode } from './route-state.js';

/** OpenAPI shapes of the migration report (migration-report.ts builds it). */
export class MismatchPathCountDto implements MismatchPathCount {
  /** Field path with indexes wildcarded, e.g. `$.documents[*].title`. */
  @ApiProperty({ example: '$.documents[*].title' })
  path!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  count!: number;

  /** The path also differs when legacy is compared with itself. */
  @ApiProperty()
  alsoInNoise!: boolean;
}

export class CanaryShareDto {
  @ApiProperty({ minimum: 0, maximum: 100 })
  percent!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  cohortSize!: number;
}

export class CallCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  total!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  legacy!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  modern!: number;
}

export class ShadowStatsDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Shadowed calls whose answers were compared.' })
  compared!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  mismatches!: number;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 })
  mismatchRate!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Mismatch rate of legacy compared with itself.' })
  noiseFloor!: number | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  noiseCompared!: number;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Share of compared calls with a differing path never seen in the noise.' })
  mismatchRateAboveNoise!: number | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  modernErrors!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  modernTimeouts!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Calls not shadowed because too many shadow calls were in flight.' })
  skipped!: number;

  @ApiProperty({ type: [MismatchPathCountDto] })
  topPaths!: MismatchPathCountDto[];
}

export class FallbackCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  onError!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  onTimeout!: number;
}

export class LastChangeDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ description: 'Who made the change (legacy username, or config:routes.yaml).' })
  by!: string;

  @ApiProperty()
  reason!: string;
}

export class LatencyEstimatesDto {
  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: 'Estimated from fixed latency buckets (ms).' })
  legacyP50Ms!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  legacyP99Ms!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  modernP50Ms!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  modernP99Ms!: number | null;
}

export class ClientCallsDto implements ClientCalls {
  @ApiProperty({ example: 'casework-ui', description: 'The X-Client-Name; `unnamed` without the header, `unknown` for a malformed one, `$other` beyond 64 names.' })
  name!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  calls!: number;
}

export class RampReportDto implements RampReport {
  @ApiProperty({ enum: RAMP_STATUSES })
  status!: RampStatus;

  @ApiProperty({ type: [Number], example: [1, 5, 25, 50, 100] })
  steps!: number[];

  @ApiProperty({ type: 'integer', minimum: 0, description: '0-based index into steps.' })
  stepIndex!: number;

  @ApiProperty({ minimum: 0, maximum: 100 })
  percent!: number;

  @ApiProperty({ format: 'date-time' })
  stepStartedAt!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  bakeSeconds!: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  minCalls!: number;

  @ApiProperty({ type: RampGatesDto })
  gates!: RampGatesDto;

  @ApiProperty({ enum: ROUTE_MODES, enumName: 'StranglerMode', description: 'The mode a tripped gate returns the route to.' })
  safeMode!: RouteMode;

  @ApiProperty({ type: GateFiguresDto, nullable: true, description: 'The figures of the last evaluation.' })
  lastFigures!: GateFiguresDto | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  lastEvaluatedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  endReason!: string | null;
}

export class MigrationRouteReportDto implements MigrationRouteReport {
  @ApiProperty({ example: 'documents.list' })
  name!: string;

  @ApiProperty({ enum: ['read', 'write'] })
  kind!: 'read' | 'write';

  @ApiProperty()
  hasModern!: boolean;

  @ApiProperty()
  supportsDryRun!: boolean;

  @ApiProperty({ enum: ROUTE_MODES, enumName: 'StranglerMode', description: 'The mode calls resolve against (legacy when the desired one cannot apply).' })
  mode!: RouteMode;

  @ApiProperty({ enum: ROUTE_MODES, enumName: 'StranglerMode', description: 'The mode the route table asks for.' })
  desiredMode!: RouteMode;

  @ApiProperty({ type: String, nullable: true, description: 'Why the desired mode does not apply.' })
  problem!: string | null;

  @ApiProperty({ type: CanaryShareDto, nullable: true })
  canary!: CanaryShareDto | null;

  @ApiProperty()
  fallback!: boolean;

  @ApiProperty()
  allowWrites!: boolean;

  @ApiProperty({ type: CallCountsDto })
  calls!: CallCountsDto;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Share of calls served by modern; null before any call.' })
  modernShare!: number | null;

  @ApiProperty({ type: ShadowStatsDto })
  shadow!: ShadowStatsDto;

  @ApiProperty({ type: FallbackCountsDto })
  fallbacks!: FallbackCountsDto;

  @ApiProperty({ type: LatencyEstimatesDto })
  latency!: LatencyEstimatesDto;

  @ApiProperty({ type: [ClientCallsDto], description: 'Calls per X-Client-Name, most first (every instance’s).' })
  clients!: ClientCallsDto[];

  @ApiProperty({ type: RampReportDto, nullable: true, description: 'The route’s latest ramp, or null.' })
  ramp!: RampReportDto | null;

  @ApiProperty({ type: LastChangeDto, nullable: true })
  lastChange!: LastChangeDto | null;
}

export class RoutesByModeDto implements Record<RouteMode, number> {
  @ApiProperty({ type: 'integer', minimum: 0 })
  legacy!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  shadow!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  canary!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  modern!: number;
}

export class MigrationProgressDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  routes!: number;

  @ApiProperty({ type: RoutesByModeDto })
  byMode!: RoutesByModeDto;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Share of routes fully on modern.' })
  modernRouteShare!: number;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Share of all calls served by modern; null before any call.' })
  modernCallShare!: number | null;
}

export class MigrationReportDto implements MigrationReport {
  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ type: MigrationProgressDto })
  progress!: MigrationProgressDto;

  @ApiProperty({ type: [MigrationRouteReportDto] })
  routes!: MigrationRouteReportDto[];

  @ApiProperty({ type: [String], description: 'Desired states stored for routes no code registers (typos or removed routes).' })
  unregisteredRoutes!: string[];
}
