import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MAX_CLIENT_PAGE_UNITS, MAX_RECTS_PER_PAGE, MAX_RECTS_PER_REQUEST } from './redaction.types.js';

export const MAX_REDACTED_PAGES_PER_REQUEST = 5_000;
export const MAX_SEARCH_TERMS = 50;
export const MAX_SEARCH_TERM_LENGTH = 200;
export const MAX_PAGE_MODIFICATIONS = 5_000;
export const MAX_REASON_CODES = 20;
export const REASON_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const MAX_PAGE_INDEX = 99_999;
const FINITE = { allowNaN: false, allowInfinity: false } as const;

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
    description: 'Why the redaction was made (e.g. disclosure exemption codes); recorded in the redaction log.',
    example: ['PII', 'S40'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REASON_CODES)
  @IsString({ each: true })
  @Matches(REASON_CODE_PATTERN, { each: true, message: 'each reason code must be 1-32 letters, digits, ".", "_" or "-"' })
  reasonCodes?: string[];
}

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
