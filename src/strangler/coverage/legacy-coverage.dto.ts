import { ApiProperty } from '@nestjs/swagger';

const STATUSES = ['unwrapped', 'wrapped', 'routed', 'migrated'] as const;

export class LegacyOperationCoverageDto {
  @ApiProperty({ enum: ['classic-soap', 'graphql'] })
  interface!: 'classic-soap' | 'graphql';

  @ApiProperty({ example: 'GetCaseSummary' })
  name!: string;

  @ApiProperty({ enum: STATUSES, description: 'unwrapped: no port method calls it; wrapped: one does, not as a route; routed; migrated: its routes on modern for everyone, no fallback in the window.' })
  status!: (typeof STATUSES)[number];

  @ApiProperty({ type: [String], description: 'LegacyCms methods that call it.' })
  methods!: string[];

  @ApiProperty({ type: [String], description: 'Registered routes of those methods.' })
  routes!: string[];

  @ApiProperty({ type: 'integer', description: 'Calls of its routes in the window.' })
  calls!: number;

  @ApiProperty({ description: 'Routed, and none of its routes was called in the window.' })
  neverCalled!: boolean;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
}

export class LegacyCoverageTotalsDto {
  @ApiProperty({ type: 'integer' })
  unwrapped!: number;

  @ApiProperty({ type: 'integer' })
  wrapped!: number;

  @ApiProperty({ type: 'integer' })
  routed!: number;

  @ApiProperty({ type: 'integer' })
  migrated!: number;

  @ApiProperty({ type: 'integer' })
  neverCalled!: number;
}

export class LegacyCoverageReportDto {
  @ApiProperty()
  generatedAt!: string;

  @ApiProperty({ type: 'integer' })
  windowHours!: number;

  @ApiProperty({ description: 'What the call counts cover.' })
  countsScope!: string;

  @ApiProperty({ type: LegacyCoverageTotalsDto })
  totals!: LegacyCoverageTotalsDto;

  @ApiProperty({ type: [LegacyOperationCoverageDto] })
  operations!: LegacyOperationCoverageDto[];

  @ApiProperty({ type: [String], description: 'Operations no port method wraps, as `<interface>:<name>`.' })
  unwrapped!: string[];
}
