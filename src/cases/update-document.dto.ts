import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DOCUMENT_CATEGORIES, type DocumentCategory } from './document-category.js';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Any of the fields (at least one); each is a separate legacy operation. */
export class UpdateDocumentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 255, description: 'New title; surrounding white space is trimmed.', example: 'MG11 statement of J Doe (revised)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 255)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  @Matches(/^[^\x00-\x1f\x7f-\x9f]*$/, { message: 'title must not contain control characters' })
  title?: string;

  @ApiPropertyOptional({ enum: DOCUMENT_CATEGORIES, description: 'One of the legacy CMS categories.' })
  @IsOptional()
  @IsIn(DOCUMENT_CATEGORIES)
  category?: DocumentCategory;

  @ApiPropertyOptional({ description: 'Whether the prosecution relies on the document (used) or holds it as unused material.' })
  @IsOptional()
  @IsBoolean()
  isUsed?: boolean;
}
