import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from './query-parser.js';

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
}

export class SearchLineHitDto {
  @ApiProperty({ type: 'integer', description: '0-based line on the page.' })
  lineIndex!: number;

  @ApiProperty({ description: 'The whole line.' })
  text!: string;

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

  @ApiProperty({ type: [SearchPageDto], description: 'Pages with hits, in page order.' })
  pages!: SearchPageDto[];
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

  @ApiProperty({ type: [SearchDocumentDto], description: 'Best-scoring document first.' })
  documents!: SearchDocumentDto[];
}
