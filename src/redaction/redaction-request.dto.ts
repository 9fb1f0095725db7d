import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MAX_OTHER_REASON_LENGTH, REDACTION_TYPE_ID_PATTERN } from './log/redaction-type-catalog.js';
import { MAX_CLIENT_PAGE_UNITS, MAX_RECTS_PER_PAGE, MAX_RECTS_PER_REQUEST } from './redaction.types.js';

export const MAX_REDACTED_PAGES_PER_REQUEST = 5_000;
export const MAX_SEARCH_TERMS = 50;
export const MAX_SEARCH_TERM_LENGTH = 200;
export const MAX_PAGE_MODIFICATIONS = 5_000;
export const MAX_REASON_CODES = 20;
export const REASON_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const MAX_TYPED_SEARCH_TERMS = 50;
export const MAX_AGENCY_NAME_LENGTH = 80;
export const MAX_AGENCY_FEEDBACK_ITEMS = 50;
/** Free text that is stored (other reasons, agency names): printable, one line. */
export const STORED_TEXT_PATTERN = /^\P{Cc}+$/u;
const MAX_PAGE_INDEX = 99_999;
const FINITE = { allowNaN: false, allowInfinity: false } as const;

/** The `redactionType` of a box or a typed term (ADR 0029). */
const RedactionTypeProperty = () =>
  applyDecorators(
    ApiPropertyOptional({
      description:
        'What the box redacts: the id of one of the redaction types (GET /api/v1/redaction-types). Optional for clients that predate typed redactions (the box is logged as `unspecified`) unless the deployment sets REDACTION_TYPE_REQUIRED; an unknown type is 400 VALIDATION_FAILED naming the field.',
      pattern: REDACTION_TYPE_ID_PATTERN.source,
      example: 'phone',
    }),
    IsOptional(),
    IsString(),
    Matches(REDACTION_TYPE_ID_PATTERN, { message: 'redactionType must be a redaction type id' }),
  );

/** The `otherReason` that goes with type `other`: stored, so never document text. */
const OtherReasonProperty = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: `Required with redactionType \`other\`, refused with any other type: a short reason in the lawyer's words (at most ${MAX_OTHER_REASON_LENGTH} characters, one line). It is stored in the redaction log, so it must never contain document text.`,
      minLength: 1,
      maxLength: MAX_OTHER_REASON_LENGTH,
      example: 'Third-party medical detail',
    }),
    IsOptional(),
    IsString(),
    Length(1, MAX_OTHER_REASON_LENGTH),
    Matches(STORED_TEXT_PATTERN, { message: 'otherReason must be one line of printable text' }),
  );

export class RedactionRectDto {
  @ApiProperty({ description: 'Left edge, in the units of the page as the client rendered it (origin top-left).', example: 120.5 })
  @IsNumber(FINITE)
  x!: number;

  @ApiProperty({ description: 'Top edge (origin top-left).', example: 310 })
  @IsNumber(FINITE)
  y!: number;

  @ApiProperty({ description: 'Width; must be positive.', minimum: 0, exclusiveMinimum: true, example: 96 })
  @IsNumber(FINITE)
  width!: number;

  @ApiProperty({ description: 'Height; must be positive.', minimum: 0, exclusiveMinimum: true, example: 14 })
  @IsNumber(FINITE)
  height!: number;

  @RedactionTypeProperty()
  redactionType?: string;

  @OtherReasonProperty()
  otherReason?: string;
}

export class PageRedactionDto {
  @ApiProperty({ type: 'integer', description: '0-based page index in the version being redacted.', minimum: 0, maximum: MAX_PAGE_INDEX, example: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_INDEX)
  pageIndex!: number;

  @ApiProperty({
    description: 'Width of the page as the client rendered it (displayed orientation), in the units of the rects.',
    minimum: 0,
    exclusiveMinimum: true,
    maximum: MAX_CLIENT_PAGE_UNITS,
    example: 612,
  })
  @IsNumber(FINITE)
  pageWidth!: number;

  @ApiProperty({ description: 'Height of the page as the client rendered it.', minimum: 0, exclusiveMinimum: true, maximum: MAX_CLIENT_PAGE_UNITS, example: 792 })
  @IsNumber(FINITE)
  pageHeight!: number;

  @ApiProperty({
    type: [RedactionRectDto],
    maxItems: MAX_RECTS_PER_PAGE,
    description: `Areas to remove; scaled to the PDF page server-side (rotation and CropBox honoured). At most ${MAX_RECTS_PER_REQUEST} rectangles in one request.`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_RECTS_PER_PAGE)
  @ValidateNested({ each: true })
  @Type(() => RedactionRectDto)
  rects!: RedactionRectDto[];
}

export class PageModificationDto {
  @ApiProperty({ type: 'integer', description: '0-based page index in the version being redacted.', minimum: 0, maximum: MAX_PAGE_INDEX, example: 3 })
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_INDEX)
  pageIndex!: number;

  @ApiProperty({ enum: ['delete', 'rotate'], description: 'Delete the page, or rotate it clockwise by `rotateBy`.' })
  @IsIn(['delete', 'rotate'])
  action!: 'delete' | 'rotate';

  @ApiPropertyOptional({ type: 'integer', enum: [90, 180, 270], description: 'Degrees clockwise; required for `rotate`.' })
  @IsOptional()
  @IsIn([90, 180, 270])
  rotateBy?: 90 | 180 | 270;
}

/** "Redact all occurrences" of one term, with the redaction type of its boxes. */
export class TypedSearchTermDto {
  @ApiProperty({ description: 'A word or a phrase, looked up like `searchTerms`. Never logged.', minLength: 1, maxLength: MAX_SEARCH_TERM_LENGTH, example: '07700 900123' })
  @IsString()
  @Length(1, MAX_SEARCH_TERM_LENGTH)
  term!: string;

  @RedactionTypeProperty()
  redactionType?: string;

  @OtherReasonProperty()
  otherReason?: string;
}

export class TypeCountDto {
  @ApiProperty({ description: 'A redaction type id (`unspecified`: boxes without a type).', example: 'phone' })
  @IsString()
  @Matches(REDACTION_TYPE_ID_PATTERN, { message: 'redactionType must be a redaction type id' })
  redactionType!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100_000, example: 2 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  count!: number;
}

/** The under/over-redaction entry of a save (management information, no document text). */
export class AgencyFeedbackDto {
  @ApiProperty({ description: 'The investigative agency the document came from (e.g. the police force). Stored: no document text.', minLength: 1, maxLength: MAX_AGENCY_NAME_LENGTH, example: 'Metropolitan Police' })
  @IsString()
  @Length(1, MAX_AGENCY_NAME_LENGTH)
  @Matches(STORED_TEXT_PATTERN, { message: 'agency must be one line of printable text' })
  agency!: string;

  @ApiPropertyOptional({ description: "The agency's unit, if known.", minLength: 1, maxLength: MAX_AGENCY_NAME_LENGTH, example: 'Public Protection Unit' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_AGENCY_NAME_LENGTH)
  @Matches(STORED_TEXT_PATTERN, { message: 'agencyUnit must be one line of printable text' })
  agencyUnit?: string;

  @ApiProperty({ type: [TypeCountDto], maxItems: MAX_AGENCY_FEEDBACK_ITEMS, description: 'What the agency left unredacted (the lawyer had to redact), by type.' })
  @IsArray()
  @ArrayMaxSize(MAX_AGENCY_FEEDBACK_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => TypeCountDto)
  underRedactions!: TypeCountDto[];

  @ApiProperty({ type: [TypeCountDto], maxItems: MAX_AGENCY_FEEDBACK_ITEMS, description: 'What the agency redacted that should not have been, by type.' })
  @IsArray()
  @ArrayMaxSize(MAX_AGENCY_FEEDBACK_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => TypeCountDto)
  overRedactions!: TypeCountDto[];

  @ApiProperty({ description: 'The document was returned to the agency.' })
  @IsBoolean()
  returnedToAgency!: boolean;
}

/** What to redact: rectangles, every occurrence of search terms, or both; optionally page changes. */
export class CreateRedactionDto {
  @ApiPropertyOptional({ type: [PageRedactionDto], maxItems: MAX_REDACTED_PAGES_PER_REQUEST, description: 'Rectangles drawn on pages, in the units of each page as the client rendered it.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REDACTED_PAGES_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => PageRedactionDto)
  redactions?: PageRedactionDto[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_SEARCH_TERMS,
    description:
      '"Redact all occurrences": each term (a word or a phrase) is looked up in the version\'s word index, tokenised like search; every occurrence is redacted, widened to whole words. Terms are never logged.',
    example: ['07700 900123'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SEARCH_TERMS)
  @IsString({ each: true })
  @Length(1, MAX_SEARCH_TERM_LENGTH, { each: true })
  searchTerms?: string[];

  @ApiPropertyOptional({
    type: [TypedSearchTermDto],
    maxItems: MAX_TYPED_SEARCH_TERMS,
    description: 'Like `searchTerms`, each term with the redaction type of its boxes (one type per term). A word two terms find is counted once, under the first.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TYPED_SEARCH_TERMS)
  @ValidateNested({ each: true })
  @Type(() => TypedSearchTermDto)
  typedSearchTerms?: TypedSearchTermDto[];

  @ApiPropertyOptional({ type: [PageModificationDto], maxItems: MAX_PAGE_MODIFICATIONS, description: 'Pages to delete or rotate in the new version.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PAGE_MODIFICATIONS)
  @ValidateNested({ each: true })
  @Type(() => PageModificationDto)
  pageModifications?: PageModificationDto[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', pattern: REASON_CODE_PATTERN.source },
    maxItems: MAX_REASON_CODES,
    description: 'Deprecated: give each box a `redactionType` instead. Still accepted and recorded in the redaction log (e.g. disclosure exemption codes).',
    example: ['PII', 'S40'],
    deprecated: true,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REASON_CODES)
  @IsString({ each: true })
  @Matches(REASON_CODE_PATTERN, { each: true, message: 'each reason code must be 1-32 letters, digits, ".", "_" or "-"' })
  reasonCodes?: string[];

  @ApiPropertyOptional({ type: AgencyFeedbackDto, description: 'Only when saving (ignored by previews): the under/over-redaction entry for a document from an investigative agency.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgencyFeedbackDto)
  agencyFeedback?: AgencyFeedbackDto;
}

export class RemovedWordDto {
  @ApiProperty({ description: 'The word as the version\'s word index has it.', example: '07700' })
  text!: string;

  @ApiProperty({ description: 'The type of the first box that covers it.', example: 'phone' })
  redactionType!: string;

  @ApiProperty({ description: 'PDF points, origin top-left of the displayed page.' })
  x!: number;

  @ApiProperty()
  y!: number;

  @ApiProperty()
  width!: number;

  @ApiProperty()
  height!: number;
}

export class RemovedWordsPageDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  pageIndex!: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  wordCount!: number;

  @ApiProperty({ type: [RemovedWordDto], description: 'In reading order.' })
  words!: RemovedWordDto[];
}

export class DeletedPageWordsDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  pageIndex!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Words the deleted page takes with it.' })
  wordCount!: number;
}

export class RedactionPreviewWordsDto {
  @ApiProperty({ example: '1001' })
  documentId!: string;

  @ApiProperty({ example: '7001' })
  versionId!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Boxes the redaction applies (rectangles, and one per search-term word).' })
  boxCount!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Words under the boxes: "these N words will be removed".' })
  wordCount!: number;

  @ApiProperty({ type: [RemovedWordsPageDto], description: 'Pages with words under a box.' })
  pages!: RemovedWordsPageDto[];

  @ApiProperty({ type: [DeletedPageWordsDto] })
  deletedPages!: DeletedPageWordsDto[];
}

export class PageTypeCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  pageIndex!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  boxCount!: number;

  @ApiProperty({ type: [TypeCountDto] })
  byType!: TypeCountDto[];
}

export class VerificationCheckDto {
  @ApiProperty({ example: 'extracted-text' })
  check!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Items the check examined (words, streams, objects).' })
  items!: number;
}

export class VerificationSummaryDto {
  @ApiProperty()
  ok!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0 })
  failureCount!: number;

  @ApiProperty({ type: [VerificationCheckDto], nullable: true, description: 'Null when the verifier did not report its checks.' })
  checks!: VerificationCheckDto[] | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  boxesChecked!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  wordsUnderBoxes!: number;
}

export class RemovedWordHashesSummaryDto {
  @ApiProperty({ example: 'hmac-sha256-128' })
  algorithm!: string;

  @ApiProperty({ description: 'Fingerprint of the deployment key that hashed them.' })
  keyId!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Removed words hashed (the hashes and salt stay server-side: prove with POST …/prove).' })
  wordCount!: number;

  @ApiProperty()
  truncated!: boolean;
}

export class AgencyFeedbackViewDto extends AgencyFeedbackDto {}

export class RedactionSavedDto {
  @ApiProperty({ example: '1001' })
  documentId!: string;

  @ApiProperty({ description: 'The version that was redacted.', example: '7001' })
  oldVersionId!: string;

  @ApiProperty({ description: 'The redacted version, now current in the legacy CMS.', example: '7002' })
  newVersionId!: string;

  @ApiProperty({ type: 'integer', isArray: true, description: '0-based indexes (in the old version) of the pages that carry a redaction.', example: [0, 2] })
  pages!: number[];

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Boxes applied.', example: 3 })
  boxCount!: number;
}

export class RedactionLogEntryDto {
  @ApiProperty({ description: 'Unique within the case; sorts by time.' })
  entryId!: string;

  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ example: '1001' })
  documentId!: string;

  @ApiProperty({ example: '7001' })
  oldVersionId!: string;

  @ApiProperty({ example: '7002' })
  newVersionId!: string;

  @ApiProperty({ type: 'integer', isArray: true, description: 'Pages (in the old version) that carry a redaction.' })
  pages!: number[];

  @ApiProperty({ type: 'integer', minimum: 0 })
  boxCount!: number;

  @ApiProperty({ type: [String], description: 'Page changes, as `delete:<page>` or `rotate:<page>:<degrees>`.' })
  pageModifications!: string[];

  @ApiProperty({ type: [String] })
  reasonCodes!: string[];

  @ApiPropertyOptional({ type: [TypeCountDto], description: 'Boxes per redaction type (absent on entries logged before types).' })
  byType?: TypeCountDto[];

  @ApiPropertyOptional({ type: [PageTypeCountsDto], description: 'Boxes per page and type.' })
  byPage?: PageTypeCountsDto[];

  @ApiPropertyOptional({ type: [String], description: 'The distinct reasons given for `other` boxes.' })
  otherReasons?: string[];

  @ApiPropertyOptional({ type: AgencyFeedbackViewDto })
  agencyFeedback?: AgencyFeedbackViewDto;

  @ApiPropertyOptional({ type: String, nullable: true, description: "The case's unit at save time." })
  unitId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  unitName?: string | null;

  @ApiPropertyOptional({ type: VerificationSummaryDto, description: "The verifier's report on the saved PDF (no text)." })
  verification?: VerificationSummaryDto;

  @ApiPropertyOptional({ type: RemovedWordHashesSummaryDto })
  removedWords?: RemovedWordHashesSummaryDto;

  @ApiProperty({ description: 'The redaction engine that applied it.', example: 'pdfjs-canvas' })
  engine!: string;

  @ApiProperty({ description: 'Legacy username of who saved it.' })
  savedBy!: string;

  @ApiProperty({ format: 'date-time' })
  savedAt!: string;

  @ApiProperty()
  correlationId!: string;
}

export class RedactionLogPageDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ type: [RedactionLogEntryDto], description: 'Oldest first.' })
  entries!: RedactionLogEntryDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page; null on the last page.' })
  nextAfter!: string | null;
}
