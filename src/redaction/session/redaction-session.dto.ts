import { MAX_OTHER_REASON_LENGTH } from '../log/redaction-type-catalog.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { AgencyFeedbackDto, MAX_REASON_CODES, PageModificationDto, REASON_CODE_PATTERN, RedactionRectDto } from '../redaction-request.dto.js';
import { MAX_CLIENT_PAGE_UNITS } from '../redaction.types.js';
import { MAX_DRAFT_BOXES, MAX_DRAFT_PAGE_INDEX, MAX_DRAFT_PAGE_MODIFICATIONS, MAX_DRAFT_WORD_INDEX, MAX_DRAFT_WORDS, REDACTION_TYPE_PATTERN } from './redaction-draft.js';

const FINITE = { allowNaN: false, allowInfinity: false } as const;
const TYPE_MESSAGE = 'the redaction type must be 1-32 letters, digits, ".", "_" or "-"';

export class DraftBoxDto {
  @ApiProperty({ type: 'integer', description: '0-based page index in the version being redacted.', minimum: 0, maximum: MAX_DRAFT_PAGE_INDEX, example: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_DRAFT_PAGE_INDEX)
  pageIndex!: number;

  @ApiProperty({ description: 'Width of the page as the client rendered it, in the units of `rect`.', minimum: 0, exclusiveMinimum: true, maximum: MAX_CLIENT_PAGE_UNITS, example: 612 })
  @IsNumber(FINITE)
  pageWidth!: number;

  @ApiProperty({ description: 'Height of the page as the client rendered it.', minimum: 0, exclusiveMinimum: true, maximum: MAX_CLIENT_PAGE_UNITS, example: 792 })
  @IsNumber(FINITE)
  pageHeight!: number;

  @ApiProperty({ type: RedactionRectDto, description: 'The box, in the units of the page as rendered (origin top-left).' })
  @ValidateNested()
  @Type(() => RedactionRectDto)
  rect!: RedactionRectDto;

  @ApiProperty({ description: 'The redaction type (e.g. `named-person`, `address`, `phone`, `other`).', pattern: REDACTION_TYPE_PATTERN.source, example: 'phone' })
  @IsString()
  @Matches(REDACTION_TYPE_PATTERN, { message: TYPE_MESSAGE })
  redactionType!: string;

  @ApiPropertyOptional({ description: 'Only for type `other`: why, in the lawyer’s words (never the redacted text).', minLength: 1, maxLength: MAX_OTHER_REASON_LENGTH })
  @IsOptional()
  @IsString()
  @Length(1, MAX_OTHER_REASON_LENGTH)
  otherReason?: string;
}

export class DraftWordRefDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_DRAFT_PAGE_INDEX, description: 'Page of the word in the version’s word model (GET …/text).' })
  @IsInt()
  @Min(0)
  @Max(MAX_DRAFT_PAGE_INDEX)
  pageIndex!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_DRAFT_WORD_INDEX, description: 'Line on the page.' })
  @IsInt()
  @Min(0)
  @Max(MAX_DRAFT_WORD_INDEX)
  lineIndex!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_DRAFT_WORD_INDEX, description: 'Word on the line.' })
  @IsInt()
  @Min(0)
  @Max(MAX_DRAFT_WORD_INDEX)
  wordIndex!: number;

  @ApiProperty({ description: 'The redaction type.', pattern: REDACTION_TYPE_PATTERN.source, example: 'named-person' })
  @IsString()
  @Matches(REDACTION_TYPE_PATTERN, { message: TYPE_MESSAGE })
  redactionType!: string;

  @ApiPropertyOptional({ description: 'Only for type `other`.', minLength: 1, maxLength: MAX_OTHER_REASON_LENGTH })
  @IsOptional()
  @IsString()
  @Length(1, MAX_OTHER_REASON_LENGTH)
  otherReason?: string;
}

/** The whole draft, replacing the stored one. Coordinates and word references only: never the text they cover. */
export class PutRedactionDraftDto {
  @ApiPropertyOptional({ type: [DraftBoxDto], maxItems: MAX_DRAFT_BOXES, description: 'Boxes drawn on pages. Default none.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_DRAFT_BOXES)
  @ValidateNested({ each: true })
  @Type(() => DraftBoxDto)
  boxes?: DraftBoxDto[];

  @ApiPropertyOptional({
    type: [DraftWordRefDto],
    maxItems: MAX_DRAFT_WORDS,
    description: 'Words chosen by reference (e.g. the occurrences of a search term, found by the client in …/text): the terms themselves are never sent nor stored. Default none.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_DRAFT_WORDS)
  @ValidateNested({ each: true })
  @Type(() => DraftWordRefDto)
  words?: DraftWordRefDto[];

  @ApiPropertyOptional({ type: [PageModificationDto], maxItems: MAX_DRAFT_PAGE_MODIFICATIONS, description: 'Pages to delete or rotate. Default none.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_DRAFT_PAGE_MODIFICATIONS)
  @ValidateNested({ each: true })
  @Type(() => PageModificationDto)
  pageModifications?: PageModificationDto[];
}

export class RedactionDraftDto {
  @ApiProperty({ type: [DraftBoxDto] })
  boxes!: DraftBoxDto[];

  @ApiProperty({ type: [DraftWordRefDto] })
  words!: DraftWordRefDto[];

  @ApiProperty({ type: [PageModificationDto] })
  pageModifications!: PageModificationDto[];
}

export class RedactionSessionDto {
  @ApiProperty({ format: 'uuid' })
  sessionId!: string;

  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ example: '1001' })
  documentId!: string;

  @ApiProperty({ example: '7001' })
  versionId!: string;

  @ApiProperty({ description: 'Legacy username of the lawyer holding the session (and the legacy check-out).', example: 'bob.north' })
  holder!: string;

  @ApiProperty({ description: 'Whether the caller holds it (only the holder sees and changes the draft).' })
  heldByCaller!: boolean;

  @ApiProperty({ enum: ['starting', 'active', 'saving', 'ending'], description: '`starting` (checking out), `active`, `saving` (a save runs), `ending` (being cancelled).' })
  state!: 'starting' | 'active' | 'saving' | 'ending';

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ format: 'date-time' })
  lastHeartbeatAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Unless a heartbeat comes first, the session is cancelled (check-out cancelled, draft dropped) after this.' })
  expiresAt!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The draft’s ETag (also in `ETag`), for If-Match; null for anyone but the holder.' })
  draftEtag!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the draft was last saved; null for anyone but the holder.' })
  draftSavedAt!: string | null;

  @ApiProperty({ type: RedactionDraftDto, nullable: true, description: 'The draft; null for anyone but the holder.' })
  draft!: RedactionDraftDto | null;
}

export class SaveRedactionSessionDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', pattern: REASON_CODE_PATTERN.source },
    maxItems: MAX_REASON_CODES,
    description: 'Why the redaction was made (e.g. disclosure exemption codes); recorded in the redaction log.',
    example: ['PII'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REASON_CODES)
  @IsString({ each: true })
  @Matches(REASON_CODE_PATTERN, { each: true, message: 'each reason code must be 1-32 letters, digits, ".", "_" or "-"' })
  reasonCodes?: string[];

  @ApiPropertyOptional({ type: AgencyFeedbackDto, description: 'The under/over-redaction entry for a document from an investigative agency, recorded in the redaction log as with POST …/redactions.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgencyFeedbackDto)
  agencyFeedback?: AgencyFeedbackDto;
}
