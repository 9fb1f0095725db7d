import { ApiProperty } from '@nestjs/swagger';
import { CapabilityDenialDto } from './capabilities/capability.dto.js';

export class DocumentVersionDto {
  @ApiProperty({ example: '7001' })
  versionId!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'ISO-8601 date-time.' })
  createdAt!: string | null;

  @ApiProperty({ type: 'integer', example: 48213 })
  sizeBytes!: number;

  @ApiProperty({ description: 'The caller has marked this version read.' })
  readByMe!: boolean;

  @ApiProperty({ description: 'The caller may redact this version (only the current one can be).' })
  canRedact!: boolean;

  @ApiProperty({ type: CapabilityDenialDto, nullable: true, description: 'Why not, when canRedact is false.' })
  canRedactReason!: CapabilityDenialDto | null;
}

export class DocumentDto {
  @ApiProperty({ example: '1001' })
  documentId!: string;

  @ApiProperty({ description: 'The current version (the last of `versions`).', example: '7002' })
  versionId!: string;

  @ApiProperty({ example: 'MG11 statement of J Doe' })
  title!: string;

  @ApiProperty({ example: 'statement.pdf' })
  fileName!: string;

  @ApiProperty({ example: 'application/pdf' })
  mimeType!: string;

  @ApiProperty({ description: 'The legacy CMS category (see UpdateDocumentDto.category for the known ones).', example: 'MG11 Witness statement' })
  category!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'ISO-8601 date.' })
  documentDate!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'For an email attachment: the email it came from.' })
  parentDocumentId!: string | null;

  @ApiProperty({ type: [String], description: "Documents whose parent is this one (e.g. an email's attachments), in id order." })
  childDocumentIds!: string[];

  @ApiProperty()
  isUsed!: boolean;

  @ApiProperty()
  isCheckedOut!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Legacy username of who holds the document checked out (a redaction session of the facade at once, else the legacy CMS’s own check-out); null when it is not checked out, or the legacy CMS does not say by whom.',
    example: 'bob.north',
  })
  checkedOutBy!: string | null;

  @ApiProperty({ type: 'integer', description: 'Size of the current version.' })
  sizeBytes!: number;

  @ApiProperty({ type: [DocumentVersionDto], description: 'Oldest first; the last is the current version.' })
  versions!: DocumentVersionDto[];

  @ApiProperty({ description: 'The caller has marked the current version read (a new version is unread again).' })
  readByMe!: boolean;

  @ApiProperty({ description: 'The caller may redact the current version now.' })
  canRedact!: boolean;

  @ApiProperty({ type: CapabilityDenialDto, nullable: true, description: 'Why not, when canRedact is false.' })
  canRedactReason!: CapabilityDenialDto | null;

  @ApiProperty({ description: 'The caller may rename the document now.' })
  canRename!: boolean;

  @ApiProperty({ type: CapabilityDenialDto, nullable: true, description: 'Why not, when canRename is false.' })
  canRenameReason!: CapabilityDenialDto | null;

  @ApiProperty({ description: 'The caller may reclassify the document now.' })
  canReclassify!: boolean;

  @ApiProperty({ type: CapabilityDenialDto, nullable: true, description: 'Why not, when canReclassify is false.' })
  canReclassifyReason!: CapabilityDenialDto | null;
}

export class DocumentListDto {
  @ApiProperty({ type: [DocumentDto], description: 'In document id order.' })
  documents!: DocumentDto[];
}
