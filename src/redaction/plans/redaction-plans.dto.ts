import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ID_PATTERN, TRACKED_DOCUMENT_ID } from '../../common/validation/id-patterns.js';
import { BoxDto } from '../../search/search.dto.js';
import { MAX_REASON_CODES, MAX_SEARCH_TERM_LENGTH, MAX_SEARCH_TERMS, REASON_CODE_PATTERN } from '../redaction-request.dto.js';
import { SUGGESTION_CATEGORIES, type SuggestionCategory } from '../suggestions/suggestion.types.js';
import { PERSON_CATEGORIES, type PersonCategory, type PlanDecision, type PlanPersonKind } from './redaction-plan.model.js';

export const MAX_PLAN_PEOPLE = 20;
export const MAX_REVIEW_DOCUMENTS = 99;
export const MAX_REVIEW_BOXES = 2_000;
const BOX_ID_PATTERN = /^[0-9]{1,5}\.[0-9]{1,6}$/;

export class PlanPersonDto {
  @ApiProperty({ enum: ['witness', 'defendant'], description: 'Who: a witness or a defendant of the case.' })
  @IsIn(['witness', 'defendant'])
  kind!: PlanPersonKind;

  @ApiProperty({ pattern: ID_PATTERN.source, description: 'The witness id or defendant id, as the witnesses and defendants endpoints give it.', example: '3' })
  @IsString()
  @Matches(ID_PATTERN)
  id!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', enum: [...PERSON_CATEGORIES] },
    description: 'Which of their data to find (default: all of name, address, postcode, phone, dob), as the legacy CMS knows it.',
    example: ['name', 'address', 'phone'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PERSON_CATEGORIES.length)
  @IsIn([...PERSON_CATEGORIES], { each: true })
  categories?: PersonCategory[];
}

/** What to find across the case: terms, a person's data, suggestion categories; at least one. */
export class CreateRedactionPlanDto {
  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_SEARCH_TERMS,
    description: 'Words or phrases, tokenised like search (every occurrence is boxed, widened to whole words). Terms are never stored or logged.',
    example: ['Jane Fairweather'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SEARCH_TERMS)
  @IsString({ each: true })
  @Length(1, MAX_SEARCH_TERM_LENGTH, { each: true })
  terms?: string[];

  @ApiPropertyOptional({ type: [PlanPersonDto], maxItems: MAX_PLAN_PEOPLE, description: 'People of the case by id: every occurrence of their name, address, phone… (read from the legacy CMS as the caller).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PLAN_PEOPLE)
  @ValidateNested({ each: true })
  @Type(() => PlanPersonDto)
  people?: PlanPersonDto[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', enum: [...SUGGESTION_CATEGORIES] },
    description: 'Suggestion categories: everything the redaction suggestions find of these kinds (every person of the case and UK patterns).',
    example: ['phone', 'email'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SUGGESTION_CATEGORIES.length)
  @IsIn([...SUGGESTION_CATEGORIES], { each: true })
  categories?: SuggestionCategory[];
}

export class PlanDocumentReviewDto {
  @ApiProperty({ pattern: TRACKED_DOCUMENT_ID.source, example: '1001' })
  @IsString()
  @Matches(TRACKED_DOCUMENT_ID)
  documentId!: string;

  @ApiPropertyOptional({ enum: ['accepted', 'rejected'], description: 'The whole document: a rejected document is not redacted.' })
  @IsOptional()
  @IsIn(['accepted', 'rejected'])
  decision?: PlanDecision;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', pattern: BOX_ID_PATTERN.source }, maxItems: MAX_REVIEW_BOXES, description: 'Boxes (by boxId) not to redact.', example: ['0.1'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REVIEW_BOXES)
  @Matches(BOX_ID_PATTERN, { each: true })
  rejectBoxes?: string[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', pattern: BOX_ID_PATTERN.source }, maxItems: MAX_REVIEW_BOXES, description: 'Boxes rejected before, to redact after all.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REVIEW_BOXES)
  @Matches(BOX_ID_PATTERN, { each: true })
  acceptBoxes?: string[];
}

export class ReviewRedactionPlanDto {
  @ApiProperty({ type: [PlanDocumentReviewDto], maxItems: MAX_REVIEW_DOCUMENTS, description: 'Changes, applied together or not at all.' })
  @IsArray()
  @ArrayMaxSize(MAX_REVIEW_DOCUMENTS)
  @ValidateNested({ each: true })
  @Type(() => PlanDocumentReviewDto)
  documents!: PlanDocumentReviewDto[];
}

export class ApplyRedactionPlanDto {
  @ApiPropertyOptional({ type: 'array', items: { type: 'string', pattern: REASON_CODE_PATTERN.source }, maxItems: MAX_REASON_CODES, description: 'Recorded in the redaction log of each saved document.', example: ['PII'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REASON_CODES)
  @IsString({ each: true })
  @Matches(REASON_CODE_PATTERN, { each: true })
  reasonCodes?: string[];
}

export class PlanBoxOriginDto {
  @ApiProperty({ enum: ['term', 'person', 'category'], description: 'What found it: a term, a named person, or a suggestion category.' })
  kind!: 'term' | 'person' | 'category';

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'term: the 0-based position of the term in the request.' })
  termIndex?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'person: the 0-based position of the person in `selectors.people`.' })
  personIndex?: number;

  @ApiPropertyOptional({ enum: SUGGESTION_CATEGORIES, description: 'person and category: the kind of data.' })
  category?: SuggestionCategory;
}

export class PlanBoxDto {
  @ApiProperty({ description: 'Unique within the document: `<pageIndex>.<n>`.', example: '0.0' })
  boxId!: string;

  @ApiProperty({ enum: ['accepted', 'rejected'] })
  decision!: PlanDecision;

  @ApiProperty({ type: PlanBoxOriginDto })
  origin!: PlanBoxOriginDto;

  @ApiProperty({ type: String, nullable: true, description: 'The matched words as they read on the page, read from the version’s stored words now (never stored in the plan); null when the version’s words are no longer stored.' })
  text!: string | null;

  @ApiProperty({ type: [BoxDto], description: 'What is removed: one rectangle per line of the match (PDF points, top-left origin of the displayed page).' })
  rects!: BoxDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'person-1',
    description: 'A suggestion category\'s box: the person it is about within this document (`person-1`, `person-2`…; a name, its later mentions and the address, phone and date of birth written with it share one), as the suggestions endpoint gives it. Keys are per document. null for terms, named people and data tied to no one.',
  })
  personKey!: string | null;
}

export class PlanPageDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  pageIndex!: number;

  @ApiProperty({ description: 'Page width in PDF points (displayed orientation).' })
  width!: number;

  @ApiProperty({ description: 'Page height in PDF points.' })
  height!: number;

  @ApiProperty({ type: [PlanBoxDto] })
  boxes!: PlanBoxDto[];
}

export class PlanDocumentDto {
  @ApiProperty({ example: '1001' })
  documentId!: string;

  @ApiProperty({ description: 'The version the plan was built on (the current, indexed one then).', example: '7001' })
  versionId!: string;

  @ApiProperty({ enum: ['accepted', 'rejected'] })
  decision!: PlanDecision;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['ATTACHMENT_NOT_REDACTABLE', 'TOO_MANY_MATCHES'],
    description: 'Why the document cannot be applied whatever the review says (an e-mail attachment; more matches than one redaction takes: its boxes are not listed); null when it can.',
  })
  blockedBy!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  pageCount!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  boxCount!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Boxes that will be redacted (0 for a rejected document).' })
  acceptedBoxCount!: number;

  @ApiProperty({ type: [PlanPageDto], description: 'Pages with at least one box.' })
  pages!: PlanPageDto[];
}

export class PlanSelectorsDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'How many terms were given (the terms are not stored).' })
  termCount!: number;

  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...SUGGESTION_CATEGORIES] } })
  categories!: SuggestionCategory[];

  @ApiProperty({ type: [PlanPersonDto] })
  people!: PlanPersonDto[];
}

export class PlanSavedDto {
  @ApiProperty() documentId!: string;
  @ApiProperty() oldVersionId!: string;
  @ApiProperty({ description: 'The redacted version, now current in the legacy CMS.' }) newVersionId!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) boxCount!: number;
}

export class PlanFailedDto {
  @ApiProperty() documentId!: string;
  @ApiProperty() versionId!: string;
  @ApiProperty({ description: 'The problem code, e.g. REDACTION_VERIFICATION_FAILED, DOCUMENT_CHECKED_OUT.' }) code!: string;
  @ApiProperty({ description: 'What went wrong, in a sentence.' }) message!: string;
}

export class PlanSkippedDto {
  @ApiProperty() documentId!: string;
  @ApiProperty() versionId!: string;
  @ApiProperty({ description: 'REJECTED, NO_BOXES_ACCEPTED, DOCUMENT_VERSION_NOT_CURRENT, DOCUMENT_NOT_FOUND, ATTACHMENT_NOT_REDACTABLE or TOO_MANY_MATCHES.' }) reason!: string;
  @ApiProperty() message!: string;
}

export class PlanReportDto {
  @ApiProperty({ type: [PlanSavedDto] }) saved!: PlanSavedDto[];
  @ApiProperty({ type: [PlanFailedDto] }) failed!: PlanFailedDto[];
  @ApiProperty({ type: [PlanSkippedDto] }) skipped!: PlanSkippedDto[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Documents not finished yet.' }) pending!: number;
}

export class RedactionPlanDto {
  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ enum: ['review', 'applying', 'applied'] })
  status!: 'review' | 'applying' | 'applied';

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Grows with every change; the ETag carries it.' })
  revision!: number;

  @ApiProperty({ description: 'Legacy username of who built the plan.' })
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: PlanSelectorsDto })
  selectors!: PlanSelectorsDto;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Documents with at least one box.' })
  documentCount!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Current, indexed documents searched.' })
  documentsSearched!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Pages with at least one box.' })
  pageCount!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  boxCount!: number;

  @ApiProperty({ type: [PlanDocumentDto], description: 'A page of the documents, in document id order.' })
  documents!: PlanDocumentDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page of documents; null on the last.' })
  nextAfter!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who asked to apply the plan (the apply runs as them).' })
  appliedBy!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  finishedAt!: string | null;

  @ApiProperty({ type: PlanReportDto, nullable: true, description: 'Once applying: what was saved, failed and skipped so far.' })
  report!: PlanReportDto | null;
}

export class PlanProgressDto {
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Documents in the plan.' }) total!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) saved!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) failed!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) skipped!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) pending!: number;
}

export class PlanRunStartedDto extends PlanProgressDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Which delivery of the apply job this is (above 1: resumed after a crash or a retry).' })
  attempt!: number;
}

export class PlanDocumentFinishedDto {
  @ApiProperty() documentId!: string;
  @ApiProperty({ description: 'The version the plan was built on.' }) versionId!: string;
  @ApiProperty({ enum: ['saved', 'failed', 'skipped'] }) state!: 'saved' | 'failed' | 'skipped';
  @ApiProperty({ type: String, nullable: true, description: 'saved: the redacted version.' }) newVersionId!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) boxCount!: number;
  @ApiProperty({ type: String, nullable: true, description: 'failed: the problem code; skipped: why.' }) code!: string | null;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ type: PlanProgressDto }) progress!: PlanProgressDto;
}

export class PlanDoneDto {
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty({ enum: ['applied'] }) status!: 'applied';
  @ApiProperty({ type: 'integer', minimum: 0 }) saved!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) failed!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) skipped!: number;
}

export class PlanStreamErrorDto {
  @ApiProperty() message!: string;
}

/** Server-sent event `progress`: an apply run started or resumed. */
export class PlanProgressEventDto {
  @ApiProperty({ enum: ['progress'], description: 'The `event:` field.' }) event!: 'progress';
  @ApiProperty({ type: PlanRunStartedDto, description: 'The `data:` field, parsed.' }) data!: PlanRunStartedDto;
}

/** Server-sent event `document`: a document saved, failed or skipped. */
export class PlanDocumentEventDto {
  @ApiProperty({ enum: ['document'], description: 'The `event:` field.' }) event!: 'document';
  @ApiProperty({ type: PlanDocumentFinishedDto, description: 'The `data:` field, parsed.' }) data!: PlanDocumentFinishedDto;
}

/** Server-sent event `done`: the plan is applied; the stream then ends. */
export class PlanDoneEventDto {
  @ApiProperty({ enum: ['done'], description: 'The `event:` field.' }) event!: 'done';
  @ApiProperty({ type: PlanDoneDto, description: 'The `data:` field, parsed.' }) data!: PlanDoneDto;
}

/** Server-sent event `error`: the progress could not be read; the stream then ends (reconnect with Last-Event-ID). */
export class PlanErrorEventDto {
  @ApiProperty({ enum: ['error'], description: 'The `event:` field.' }) event!: 'error';
  @ApiProperty({ type: PlanStreamErrorDto, description: 'The `data:` field, parsed.' }) data!: PlanStreamErrorDto;
}

export const PLAN_EVENT_DTOS = { progress: PlanProgressEventDto, document: PlanDocumentEventDto, done: PlanDoneEventDto, error: PlanErrorEventDto } as const;
