import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_RECENT_CASES = 20;
export const DEFAULT_RECENT_CASES = 10;

export class RecentCasesQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_RECENT_CASES, default: DEFAULT_RECENT_CASES })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_RECENT_CASES)
  limit?: number;
}

export class RecentCaseDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ example: '42AB1234524' })
  urn!: string;

  @ApiProperty({ example: 'R v Smith' })
  title!: string;

  @ApiProperty({ example: 'Central Casework' })
  unitName!: string;

  @ApiProperty({ type: String, format: 'date-time', description: "The caller's last visit (their last call of listCaseChanges without `since`)." })
  visitedAt!: string;
}

export class RecentCaseListDto {
  @ApiProperty({ type: [RecentCaseDto], description: 'Most recently visited first; only cases the caller may still see.' })
  cases!: RecentCaseDto[];
}
