import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROCESSING_FAILURE_REASONS, type ProcessingFailureReason } from '../conversion/processing-failure.js';

export class TextBoxDto {
  @ApiProperty({ description: 'PDF points from the left of the displayed page.' })
  x!: number;
  @ApiProperty({ description: 'PDF points from the top of the displayed page.' })
  y!: number;
  @ApiProperty()
  width!: number;
  @ApiProperty()
  height!: number;
}

export class TextWordDto {
  @ApiProperty()
  text!: string;
  @ApiProperty({ type: TextBoxDto })
  box!: TextBoxDto;
  @ApiPropertyOptional({ enum: [true], description: 'Present when a dark box, image or annotation drawn over the page hides this word: live text under a fake redaction (ADR 0032).' })
  covered?: true;
}

export class TextLineDto {
  @ApiProperty()
  text!: string;
  @ApiProperty({ type: TextBoxDto })
  box!: TextBoxDto;
  @ApiProperty({ type: [TextWordDto] })
  words!: TextWordDto[];
}

export class PageOcrDto {
  @ApiProperty({
    enum: ['text', 'no-text', 'failed', 'off'],
    description: "`text`: OCR read words. `no-text`: OCR read the page image and found no words (a photo, a blank page). `failed`: OCR could not read the page (see `reason`). `off`: OCR is switched off.",
  })
  status!: 'text' | 'no-text' | 'failed' | 'off';
  @ApiPropertyOptional({ enum: PROCESSING_FAILURE_REASONS, description: 'Why OCR failed (status `failed`).' })
  reason?: ProcessingFailureReason;
  @ApiPropertyOptional({ description: 'What went wrong, never quoting the document (status `failed`).' })
  detail?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'The resolution the page image was read at.' })
  dpi?: number;
}

export class TextPageDto {
  @ApiProperty({ type: 'integer', description: '0-based.' })
  pageIndex!: number;
  @ApiProperty({ description: 'Displayed width in points (rotation applied).' })
  width!: number;
  @ApiProperty({ description: 'Displayed height in points (rotation applied).' })
  height!: number;
  @ApiProperty({ type: 'integer', enum: [0, 90, 180, 270], description: 'Degrees clockwise the page is displayed rotated.' })
  rotation!: number;
  @ApiProperty({ enum: ['text-layer', 'ocr'] })
  source!: 'text-layer' | 'ocr';
  @ApiProperty({ type: [TextLineDto] })
  lines!: TextLineDto[];
  @ApiPropertyOptional({ type: PageOcrDto, description: 'Only on pages with no text layer: what OCR made of the page.' })
  ocr?: PageOcrDto;
}

export class DocumentTextDto {
  @ApiProperty({ example: '42' })
  caseId!: string;
  @ApiProperty({ example: '1001' })
  documentId!: string;
  @ApiProperty({ example: '7002' })
  versionId!: string;
  @ApiProperty({ type: 'integer' })
  pageCount!: number;
  @ApiProperty({ type: [TextPageDto] })
  pages!: TextPageDto[];
}
