import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { THUMBNAIL_FORMATS, type ThumbnailFormat } from './thumbnail-keys.js';
import { DEFAULT_THUMBNAIL_WIDTH, MAX_THUMBNAIL_WIDTH, MIN_THUMBNAIL_WIDTH } from './thumbnail.service.js';

export class ThumbnailQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: MIN_THUMBNAIL_WIDTH, maximum: MAX_THUMBNAIL_WIDTH, default: DEFAULT_THUMBNAIL_WIDTH, description: 'Width in pixels; the height keeps the page’s proportions.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_THUMBNAIL_WIDTH)
  @Max(MAX_THUMBNAIL_WIDTH)
  width?: number;

  @ApiPropertyOptional({ enum: THUMBNAIL_FORMATS, description: 'png or webp; when absent, WebP if the Accept header names image/webp, else PNG.' })
  @IsOptional()
  @IsIn(THUMBNAIL_FORMATS)
  format?: ThumbnailFormat;
}
