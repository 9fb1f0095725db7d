import { ApiProperty } from '@nestjs/swagger';

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
}

export class TextLineDto {
  @ApiProperty()
  text!: string;
  @ApiProperty({ type: TextBoxDto })
  box!: TextBoxDto;
  @ApiProperty({ type: [TextWordDto] })
  words!: TextWordDto[];
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
