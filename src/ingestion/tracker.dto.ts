import { ApiProperty } from '@nestjs/swagger';
import { PROCESSING_FAILURE_REASONS } from '../conversion/processing-failure.js';
import { TextBoxDto } from './document-text.dto.js';
import { DOCUMENT_STATUSES, type CaseRunStatus, type DocumentStatus, type TrackerFailureReason } from './tracker/tracker.model.js';

const FAILURE_REASONS: readonly TrackerFailureReason[] = [...PROCESSING_FAILURE_REASONS, 'FETCH_FAILED'];
/** A failure code with a sentence a lawyer can act on. */
export class FailureExplanationDto {
  @ApiProperty({ enum: FAILURE_REASONS, description: 'The failure code (as in `reason`).' })
  code!: string;

  @ApiProperty({ example: 'The file is protected by a password, so its pages cannot be read.' })
  message!: string;

  @ApiProperty({ description: 'What the user can do about it.', example: 'Ask the sender for the password or an unprotected copy, and add that as a new version.' })
  action!: string;
}

const CASE_STATUSES: readonly CaseRunStatus[] = ['idle', 'running', 'done'];

export class TrackedDocumentDto {
  @ApiProperty({ description: "The legacy document id, or `<parentDocumentId>-<n>` for the n-th attachment unpacked from an e-mail.", example: '1001' })
  documentId!: string;

  @ApiProperty({ description: 'The version being processed, or the last one processed.', example: '7002' })
  versionId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'For an attachment: the e-mail it belongs to.' })
  parentDocumentId!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'For an attachment unpacked from an e-mail: its position (1-based).' })
  childIndex!: number | null;

  @ApiProperty({ example: 'statement.pdf' })
  fileName!: string;

  @ApiProperty({ description: 'The type the legacy CMS declares.', example: 'application/pdf' })
  mimeType!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The type found in the bytes.' })
  detectedType!: string | null;

  @ApiProperty({ enum: DOCUMENT_STATUSES, description: 'new → converted → extracted → indexed, or failed.' })
  status!: DocumentStatus;

  @ApiProperty({ enum: FAILURE_REASONS, nullable: true, description: 'Why the document failed.' })
  reason!: TrackerFailureReason | null;

  @ApiProperty({ type: FailureExplanationDto, nullable: true, description: 'The failure in words, with what the user can do; null unless failed.' })
  failure!: FailureExplanationDto | null;

  @ApiProperty({ type: 'integer', nullable: true })
  pageCount!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Pages whose text came from OCR.' })
  ocrPageCount!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: "Pages with no words after OCR: a photo or blank page, OCR failed on it, or OCR is off (the text's per-page `ocr` says which). Null until extracted.",
  })
  pagesWithoutText!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Lines put in the search index.' })
  lineCount!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'The version whose text is searchable now.' })
  indexedVersionId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Legacy username of who is redacting the document in a redaction session (issue 14); null otherwise, and in server-sent events.', example: 'bob.north' })
  checkedOutBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  queuedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  convertedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  extractedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  indexedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  failedAt!: string | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Under-redaction detection (ADR 0032): true when live words lie under a dark box, image or annotation; null when not looked at (detection off or not extracted yet).',
  })
  hasCoveredText!: boolean | null;

  @ApiProperty({
    type: () => [CoveredTextPageDto],
    nullable: true,
    description: 'The pages with covered live words and the covering areas (points, top-left origin, the page as displayed); [] none; null when not looked at.',
  })
  coveredText!: CoveredTextPageDto[] | null;
}

export class CoveredTextPageDto {
  @ApiProperty({ type: 'integer', description: '0-based.' })
  pageIndex!: number;

  @ApiProperty({ type: () => [TextBoxDto] })
  boxes!: TextBoxDto[];
}

export class TrackerProgressDto {
  @ApiProperty({ type: 'integer' })
  total!: number;
  @ApiProperty({ type: 'integer' })
  new!: number;
  @ApiProperty({ type: 'integer' })
  converted!: number;
  @ApiProperty({ type: 'integer' })
  extracted!: number;
  @ApiProperty({ type: 'integer' })
  indexed!: number;
  @ApiProperty({ type: 'integer' })
  failed!: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, description: 'Share of documents indexed or failed.' })
  percent!: number;
  @ApiProperty({ type: 'integer', description: 'Pages of the documents extracted so far.' })
  pages!: number;
}

export class CaseTrackerDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ enum: CASE_STATUSES, description: 'idle: never refreshed; running: documents in progress; done: every document indexed or failed.' })
  status!: CaseRunStatus;

  @ApiProperty({ type: String, nullable: true, description: 'The latest refresh.' })
  runId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the legacy CMS list was diffed.' })
  listedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ type: TrackerProgressDto })
  progress!: TrackerProgressDto;

  @ApiProperty({ type: [TrackedDocumentDto], description: 'In document id order.' })
  documents!: TrackedDocumentDto[];
}

/** `data` of the `progress` and `done` server-sent events: the case's status and counts, without the documents. */
export class TrackerSummaryDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ enum: CASE_STATUSES })
  status!: CaseRunStatus;

  @ApiProperty({ type: String, nullable: true, description: 'The latest refresh.' })
  runId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ type: TrackerProgressDto })
  progress!: TrackerProgressDto;
}

export class TrackerStreamErrorDto {
  @ApiProperty({ example: 'the tracker could not be read' })
  message!: string;
}

/** Server-sent event `document`: a document whose status changed. */
export class TrackerDocumentEventDto {
  @ApiProperty({ enum: ['document'], description: 'The `event:` field.' })
  event!: 'document';

  @ApiProperty({ type: TrackedDocumentDto, description: 'The `data:` field, parsed.' })
  data!: TrackedDocumentDto;
}

/** Server-sent event `progress`: the case's status and counts, after each batch of changes. */
export class TrackerProgressEventDto {
  @ApiProperty({ enum: ['progress'], description: 'The `event:` field.' })
  event!: 'progress';

  @ApiProperty({ type: TrackerSummaryDto, description: 'The `data:` field, parsed.' })
  data!: TrackerSummaryDto;
}

/** Server-sent event `done`: every document is indexed or failed; the stream then ends. */
export class TrackerDoneEventDto {
  @ApiProperty({ enum: ['done'], description: 'The `event:` field.' })
  event!: 'done';

  @ApiProperty({ type: TrackerSummaryDto, description: 'The `data:` field, parsed.' })
  data!: TrackerSummaryDto;
}

/** Server-sent event `error`: the tracker could not be read; the stream then ends (reconnect to resume). */
export class TrackerErrorEventDto {
  @ApiProperty({ enum: ['error'], description: 'The `event:` field.' })
  event!: 'error';

  @ApiProperty({ type: TrackerStreamErrorDto, description: 'The `data:` field, parsed.' })
  data!: TrackerStreamErrorDto;
}

export const TRACKER_EVENT_DTOS = { document: TrackerDocumentEventDto, progress: TrackerProgressEventDto, done: TrackerDoneEventDto, error: TrackerErrorEventDto } as const;
