import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { DEFAULT_RECORDING_SAMPLES, MAX_RECORDING_SAMPLES } from './recording-settings.js';
import { MAX_REPLAY_LIMIT } from '../replay/replay.service.js';
import { RedactedDifferenceDto } from '../routes-admin.dto.js';

export class RecordingChangeDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RECORDING_SAMPLES, default: DEFAULT_RECORDING_SAMPLES, description: 'Ring size: the newest this many samples are kept.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RECORDING_SAMPLES)
  maxSamples?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, default: 1, description: 'Share of successful legacy calls recorded.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  sampleRate?: number;

  @ApiProperty({ minLength: 3, maxLength: 500, example: 'test the modern summary on real traffic' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class RecordingViewDto {
  @ApiProperty({ example: 'cases.getSummary' })
  route!: string;

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({ type: 'integer', nullable: true })
  maxSamples!: number | null;

  @ApiProperty({ nullable: true })
  sampleRate!: number | null;

  @ApiProperty({ type: 'integer', description: 'Samples stored now.' })
  samples!: number;

  @ApiProperty({ nullable: true, description: 'ISO-8601 instant of the last change.' })
  updatedAt!: string | null;

  @ApiProperty({ nullable: true })
  updatedBy!: string | null;

  @ApiProperty({ nullable: true })
  reason!: string | null;
}

export class ReplayRequestDto {
  @ApiProperty({ description: 'Legacy username with access to the recorded cases: the modern side is called as this user.', example: 'jsmith' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/)
  as!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_REPLAY_LIMIT, description: 'Newest this many samples (default: all).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REPLAY_LIMIT)
  limit?: number;
}

export class ReplayPathCountDto {
  @ApiProperty({ example: '$.title' })
  path!: string;

  @ApiProperty({ type: 'integer' })
  count!: number;
}

export class ReplaySampleDto {
  @ApiProperty()
  route!: string;

  @ApiProperty({ enum: ['replay'] })
  source!: 'replay';

  @ApiProperty({ description: 'When the legacy call was recorded.' })
  at!: string;

  @ApiProperty({ type: [RedactedDifferenceDto] })
  differences!: RedactedDifferenceDto[];

  @ApiProperty()
  truncated!: boolean;
}

export class ReplayReportDto {
  @ApiProperty()
  route!: string;

  @ApiProperty({ enum: ['read', 'write'] })
  kind!: 'read' | 'write';

  @ApiProperty({ enum: ['modern', 'modernDryRun'] })
  implementation!: 'modern' | 'modernDryRun';

  @ApiProperty()
  as!: string;

  @ApiProperty()
  generatedAt!: string;

  @ApiProperty({ type: 'integer' })
  recorded!: number;

  @ApiProperty({ type: 'integer' })
  replayed!: number;

  @ApiProperty({ type: 'integer' })
  compared!: number;

  @ApiProperty({ type: 'integer' })
  matches!: number;

  @ApiProperty({ type: 'integer' })
  mismatches!: number;

  @ApiProperty({ nullable: true })
  mismatchRate!: number | null;

  @ApiProperty({ type: 'integer' })
  modernErrors!: number;

  @ApiProperty({ type: 'integer' })
  modernTimeouts!: number;

  @ApiProperty({ type: [ReplayPathCountDto] })
  topPaths!: ReplayPathCountDto[];

  @ApiProperty({ type: [ReplaySampleDto], description: 'Values are replaced by their type and a short keyed hash.' })
  samples!: ReplaySampleDto[];
}
