import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export const MAX_DOCUMENT_NOTE_LENGTH = 2000;

export class DocumentNoteDto {
  @ApiProperty({ description: 'Opaque, time-ordered.', example: '001767225600000-a1b2c3d4e5f6' })
  noteId!: string;

  @ApiProperty({ example: '1001' })
  documentId!: string;

  @ApiProperty({ description: 'Plain text.' })
  text!: string;

  @ApiProperty({ description: 'Legacy username of the author.' })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class DocumentNoteListDto {
  @ApiProperty({ type: [DocumentNoteDto], description: 'Oldest first.' })
  notes!: DocumentNoteDto[];
}

export class CreateDocumentNoteDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_DOCUMENT_NOTE_LENGTH, description: 'Plain text: not blank, no HTML tags, no control characters but line breaks and tabs.', example: 'Page 3: check the address with the OIC.' })
  @IsString()
  @Length(1, MAX_DOCUMENT_NOTE_LENGTH)
  @Matches(/\S/, { message: 'text must not be blank' })
  @Matches(/^(?![\s\S]*<\s*[A-Za-z!/?])[\s\S]*$/, { message: 'text must be plain text, without HTML tags' })
  // eslint-disable-next-line no-control-regex -- the point is to refuse control characters
  @Matches(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, { message: 'text must not contain control characters' })
  text!: string;
}
