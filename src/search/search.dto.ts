import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { TRACKED_DOCUMENT_ID } from '../common/validation/id-patterns.js';
import { MIME_FAMILIES, type MimeFamily } from './mime-family.mapper.js';
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from './query-parser.js';

export const SEARCH_SORTS = ['relevance', 'date', 'hits'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const SEARCH_DATE_FIELDS = ['document', 'received'] as const;
export type SearchDateField = (typeof SEARCH_DATE_FIELDS)[number];
export const SEARCH_STATES = ['new', 'converted', 'extracted', 'indexed', 'failed'] as const;
export type SearchState = (typeof SEARCH_STATES)[number];
const MAX_FILTER_VALUES = 20;

/** `a,b` or repeated `x=a&x=b` → ['a', 'b'] (a value may not contain a comma). */
function listOf({ value }: { value: unknown }): unknown {
  const items: unknown = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : value;
  return Array.isArray(items) ? items.map((item: unknown) => (typeof item === 'string' ? item.trim() : item)) : items;
}
/** Repeated `x=a&x=b` → ['a', 'b']; one value as it is (categories may contain commas). */
const repeated = ({ value }: { value: unknown }): unknown => (Array.isArray(value) ? value : [value]);
const booleanOf = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export const DEFAULT_SEARCH_LIMIT = 100;
export const MAX_API_SEARCH_LIMIT = 500;

export class SearchCaseQueryDto {
  @ApiProperty({
    description:
      'Words (all required), "quoted phrases" and prefix* terms. Everything else is literal text: no operators. ' +
      'Punctuated chunks such as 07700-900123 or O\'Brien are searched as phrases. ' +
      `At least one word (letters or digits), at most ${MAX_QUERY_TERMS} words or phrases.`,
    minLength: 1,
    maxLength: MAX_QUERY_LENGTH,
    example: '"07700 900123" knif*',
  })
  @IsString()
  @MaxLength(MAX_QUERY_LENGTH)
  q!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_API_SEARCH_LIMIT, default: DEFAULT_SEARCH_LIMIT, description: 'Most matching lines returned (best first).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_API_SEARCH_LIMIT)
  limit?: number;
}

/** Which documents are searched, by what they are (ADR 0033); shared by search and count. */
export class SearchFilterQueryDto extends SearchCaseQueryDto {
  @ApiPropertyOptional({ type: [String], description: 'Only documents in these categories (repeat the parameter for several), as the document list names them.', example: ['MG11'] })
  @IsOptional()
  @Transform(repeated)
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  category?: string[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', enum: [...MIME_FAMILIES] }, description: 'Only documents of these kinds (comma-separated): the MIME family of the file.', example: ['pdf', 'word'] })
  @IsOptional()
  @Transform(listOf)
  @IsArray()
  @IsIn(MIME_FAMILIES, { each: true })
  type?: MimeFamily[];

  @ApiPropertyOptional({ description: 'Only documents dated on or after this (ISO-8601 date or date-time).', example: '2026-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Only documents dated on or before this (a date alone includes that whole day).', example: '2026-03-31' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: SEARCH_DATE_FIELDS, default: 'document', description: "The date `from`, `to` and `sort=date` use: the document's own date, or when its first version was received." })
  @IsOptional()
  @IsIn(SEARCH_DATE_FIELDS)
  dateField?: SearchDateField;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', enum: [...SEARCH_STATES] }, description: 'Only documents whose ingestion is in these states (comma-separated).', example: ['indexed'] })
  @IsOptional()
  @Transform(listOf)
  @IsArray()
  @IsIn(SEARCH_STATES, { each: true })
  state?: SearchState[];

  @ApiPropertyOptional({ description: 'Search this one document only (`<documentId>-<n>` for an attachment unpacked from an e-mail).', pattern: TRACKED_DOCUMENT_ID.source, example: '1001' })
  @IsOptional()
  @IsString()
  @Matches(TRACKED_DOCUMENT_ID)
  documentId?: string;

  @ApiPropertyOptional({ type: 'boolean', default: false, description: 'Also match words found under boxes drawn to hide them (under-redactions); such hits carry `covered: true`.' })
  @IsOptional()
  @Transform(booleanOf)
  @IsIn([true, false])
  includeCovered?: boolean;
}

export class SearchDocumentsQueryDto extends SearchFilterQueryDto {
  @ApiPropertyOptional({ enum: SEARCH_SORTS, default: 'relevance', description: 'relevance (name matches first, then the best line), date (newest first) or hits (most matching lines first).' })
  @IsOptional()
  @IsIn(SEARCH_SORTS)
  sort?: SearchSort;
}

/** Search within one document (its id is in the path). */
export class SearchOneDocumentQueryDto extends SearchCaseQueryDto {
  @ApiPropertyOptional({ type: 'boolean', default: false, description: 'Also match words under boxes drawn to hide them; such hits carry `covered: true`.' })
  @IsOptional()
  @Transform(booleanOf)
  @IsIn([true, false])
  includeCovered?: boolean;
}

export class BoxDto {
  @ApiProperty({ description: 'PDF points from the left of the displayed page.', example: 72 })
  x!: number;

  @ApiProperty({ description: 'PDF points from the top of the displayed page.', example: 144.5 })
  y!: number;

  @ApiProperty({ example: 31.2 })
  width!: number;

  @ApiProperty({ example: 11 })
  height!: number;
}

export class SearchWordDto {
  @ApiProperty({ example: 'knife' })
  text!: string;

  @ApiProperty({ type: BoxDto })
  box!: BoxDto;

  @ApiPropertyOptional({ enum: [true], description: 'Present when the word lies under a box drawn to hide it (only with includeCovered=true).' })
  covered?: true;
}

export class SearchLineHitDto {
  @ApiProperty({ type: 'integer', description: '0-based line on the page.' })
  lineIndex!: number;

  @ApiProperty({ description: 'The whole line; covered words are blanked out (█) unless includeCovered=true.' })
  text!: string;

  @ApiPropertyOptional({ enum: [true], description: 'Present when a matched word of the line is covered.' })
  covered?: true;

  @ApiProperty({ type: [SearchWordDto], description: 'Only the words the query matched, with boxes to highlight.' })
  words!: SearchWordDto[];
}

export class SearchPageDto {
  @ApiProperty({ type: 'integer', description: '0-based page of the converted PDF.' })
  pageIndex!: number;

  @ApiProperty({ description: 'Displayed page width in PDF points.', example: 595.28 })
  pageWidth!: number;

  @ApiProperty({ description: 'Displayed page height in PDF points.', example: 841.89 })
  pageHeight!: number;

  @ApiProperty({ type: [SearchLineHitDto], description: 'In line order.' })
  hits!: SearchLineHitDto[];
}

export class SearchDocumentDto {
  @ApiProperty({ example: '1001' })
  documentId!: string;

  @ApiProperty({ description: 'The (current) version the hits are in.', example: '7002' })
  versionId!: string;

  @ApiProperty({ description: 'Relevance of the best line; higher is better. Only comparable within one response.' })
  score!: number;

  @ApiProperty({ type: 'integer', description: 'Matching lines in this document (within the limit).' })
  hitCount!: number;

  @ApiProperty({ type: [SearchPageDto], description: 'Pages with hits, in page order (none for a document found by name only).' })
  pages!: SearchPageDto[];

  @ApiProperty({ type: 'array', items: { type: 'string', enum: ['title', 'fileName', 'content'] }, description: 'Where the query matched the document.' })
  matchedIn!: ('title' | 'fileName' | 'content')[];

  @ApiPropertyOptional({ description: 'As the document list names it (absent for attachments unpacked from an e-mail).', example: 'MG11 John Smith' })
  title?: string;

  @ApiPropertyOptional({ example: 'mg11-smith.docx' })
  fileName?: string;

  @ApiPropertyOptional({ example: 'MG11' })
  category?: string;

  @ApiPropertyOptional({ enum: MIME_FAMILIES })
  type?: MimeFamily;

  @ApiPropertyOptional({ type: 'string', nullable: true, description: "The document's date (ISO-8601)." })
  documentDate?: string | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'When its first version was received (ISO-8601).' })
  receivedAt?: string | null;
}

export class SearchResultDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ type: 'integer', description: 'Matching lines returned.' })
  hitCount!: number;

  @ApiProperty({ type: 'integer' })
  documentCount!: number;

  @ApiProperty({ description: 'True when the limit cut the results short.' })
  truncated!: boolean;

  @ApiProperty({ type: [SearchDocumentDto], description: 'In the order `sort` asks (relevance: documents found by name, then best-scoring).' })
  documents!: SearchDocumentDto[];

  @ApiPropertyOptional({ enum: [true], description: 'Present when the legacy CMS could not list the documents: content hits only, no name matches or document details.' })
  documentListUnavailable?: true;
}

export class SearchCountDocumentDto {
  @ApiProperty({ example: '1001' })
  documentId!: string;

  @ApiProperty({ example: '7002' })
  versionId!: string;

  @ApiProperty({ type: 'integer', description: 'Every matching line of the document (no limit).' })
  hitCount!: number;

  @ApiProperty({ type: 'array', items: { type: 'string', enum: ['title', 'fileName', 'content'] } })
  matchedIn!: ('title' | 'fileName' | 'content')[];
}

export class SearchCountDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ type: 'integer', description: 'Matching lines in all documents.' })
  hitCount!: number;

  @ApiProperty({ type: 'integer', description: 'Documents matched by content or name.' })
  documentCount!: number;

  @ApiProperty({ type: [SearchCountDocumentDto], description: 'Most hits first.' })
  documents!: SearchCountDocumentDto[];

  @ApiPropertyOptional({ enum: [true], description: 'Present when the legacy CMS could not list the documents: content hits only.' })
  documentListUnavailable?: true;
}
