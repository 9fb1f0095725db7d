import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';
import { TypeCountDto } from '../redaction-request.dto.js';

export const MAX_PROVE_CANDIDATES = 100;
export const MAX_PROVE_CANDIDATE_LENGTH = 200;
export const UNIT_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export class RedactionTypeDto {
  @ApiProperty({ description: 'What a box carries as `redactionType`.', example: 'phone' })
  id!: string;

  @ApiProperty({ example: 'Phone number' })
  label!: string;
}

export class RedactionTypeListDto {
  @ApiProperty({ type: [RedactionTypeDto], description: 'In the configured order (REDACTION_TYPES).' })
  types!: RedactionTypeDto[];

  @ApiProperty({ description: 'Every box must carry a type (REDACTION_TYPE_REQUIRED); otherwise untyped boxes are logged as `unspecified`.' })
  typeRequired!: boolean;
}

export class RedactionLogSummaryQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'First day (UTC, inclusive). Default: 29 days before `to`. The period spans at most 366 days.', example: '2026-11-01' })
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: 'from must be a date as yyyy-MM-dd' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day (UTC, inclusive). Default: today.', example: '2026-11-30' })
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: 'to must be a date as yyyy-MM-dd' })
  to?: string;

  @ApiPropertyOptional({ description: "Only redactions of cases of this unit (the legacy CMS's unit id).", pattern: UNIT_ID_PATTERN.source, example: '3' })
  @IsOptional()
  @Matches(UNIT_ID_PATTERN, { message: 'unit must be a unit id' })
  unit?: string;
}

export class UnitFiguresDto {
  @ApiProperty({ type: String, nullable: true, description: 'Null: the unit could not be read when the redaction was saved.' })
  unitId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  unitName!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Saved redactions.' })
  redactions!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  boxCount!: number;

  @ApiProperty({ type: [TypeCountDto] })
  byType!: TypeCountDto[];
}

export class AgencyFiguresDto {
  @ApiProperty({ example: 'Metropolitan Police' })
  agency!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Saved redactions with an under/over-redaction entry for this agency.' })
  documents!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Of those, returned to the agency.' })
  returnedToAgency!: number;

  @ApiProperty({ type: [TypeCountDto] })
  underRedacted!: TypeCountDto[];

  @ApiProperty({ type: [TypeCountDto] })
  overRedacted!: TypeCountDto[];

  @ApiProperty({ type: 'integer', minimum: 0 })
  underRedactedTotal!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  overRedactedTotal!: number;
}

export class RedactionLogSummaryDto {
  @ApiProperty({ format: 'date' })
  from!: string;

  @ApiProperty({ format: 'date' })
  to!: string;

  @ApiProperty({ type: String, nullable: true })
  unit!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Saved redactions in the period.' })
  redactions!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  boxCount!: number;

  @ApiProperty({ type: [TypeCountDto], description: 'Boxes by redaction type (`unspecified`: untyped boxes).' })
  byType!: TypeCountDto[];

  @ApiProperty({ type: [UnitFiguresDto] })
  byUnit!: UnitFiguresDto[];

  @ApiProperty({ type: [AgencyFiguresDto], description: 'Under- and over-redaction by investigative agency.' })
  byAgency!: AgencyFiguresDto[];
}

export class ProveRemovalDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_PROVE_CANDIDATES,
    description: 'Words to test, each compared as the log hashed removed words (Unicode NFKC, case-folded, outer punctuation stripped). They are neither stored nor audited in clear.',
    example: ['07700', 'Smith'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PROVE_CANDIDATES)
  @IsString({ each: true })
  @Length(1, MAX_PROVE_CANDIDATE_LENGTH, { each: true })
  candidates!: string[];
}

export class CandidateProofDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Position of the candidate in the request.' })
  index!: number;

  @ApiProperty({ description: 'A removed word equals the candidate.' })
  matched!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'How many times such a word was removed.' })
  occurrences!: number;
}

export class RemovalProofDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty()
  entryId!: string;

  @ApiProperty({ description: 'False: the entry holds no word hashes (logged before them) or another key hashed them; every result is then unmatched.' })
  provable!: boolean;

  @ApiProperty({ type: String, nullable: true, enum: ['not-hashed', 'other-key'] })
  reason!: 'not-hashed' | 'other-key' | null;

  @ApiProperty({ description: 'More distinct words were removed than the entry hashes: an unmatched candidate is then not proof it stayed.' })
  truncated!: boolean;

  @ApiProperty({ type: [CandidateProofDto] })
  results!: CandidateProofDto[];
}
