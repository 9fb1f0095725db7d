import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { CaseSummaryDto } from '../case.dto.js';
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

/** What the case summary says of the case, and when the caller last visited it. */
export class RecentCaseDto extends PickType(CaseSummaryDto, ['caseId', 'urn', 'title', 'unitName'] as const) {
  @ApiProperty({ type: String, format: 'date-time', description: "The caller's last visit (their last call of listCaseChanges without `since`)." })
  visitedAt!: string;
}

export class RecentCaseListDto {
  @ApiProperty({ type: [RecentCaseDto], description: 'Most recently visited first; only cases the caller may still see.' })
  cases!: RecentCaseDto[];
}
