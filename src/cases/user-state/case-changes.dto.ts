import { ApiProperty } from '@nestjs/swagger';
import { CHANGE_KINDS, type ChangeKind } from './document-history.js';

export class CaseChangeDto {
  @ApiProperty({ enum: CHANGE_KINDS, description: 'added, newVersion, renamed, reclassified or removed.' })
  kind!: ChangeKind;

  @ApiProperty({ example: '1001' })
  documentId!: string;

  @ApiProperty({ description: 'The title when the change was seen (the last title of a removed document).' })
  title!: string;

  @ApiProperty({ description: 'The current version when the change was seen.', example: '7002' })
  versionId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'renamed: the old title; reclassified: the old category; newVersion: the previous version id.' })
  from!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'renamed: the new title; reclassified: the new category; newVersion: the new version id.' })
  to!: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the facade first saw the change in the legacy CMS list.' })
  seenAt!: string;
}

export class CaseChangesDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "The `since` asked for, or the caller's last visit; null on a first visit." })
  since!: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the facade last saw the list (it is listed again for this answer); the next visit starts here.' })
  until!: string;

  @ApiProperty({ description: 'No `since` was given and the caller had not visited this case before: there is nothing to compare with yet.' })
  firstVisit!: boolean;

  @ApiProperty({ type: [CaseChangeDto], description: 'Oldest first; only documents the caller can see now, and removed ones.' })
  changes!: CaseChangeDto[];
}
