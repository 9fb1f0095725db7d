import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class NoteDto {
  @ApiProperty({ example: '88' })
  noteId!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ description: 'Legacy username of the author.' })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'ISO-8601 date-time.' })
  createdAt!: string | null;
}

export class NoteListDto {
  @ApiProperty({ type: [NoteDto] })
  notes!: NoteDto[];
}

export class CreateNoteDto {
  @ApiProperty({ minLength: 1, maxLength: 4000, description: 'Not blank.', example: 'Spoke to the OIC; exhibits to follow.' })
  @IsString()
  @Length(1, 4000)
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;
}
