import { ApiProperty } from '@nestjs/swagger';
import { BoxDto } from '../../search/search.dto.js';
import { SUGGESTION_CATEGORIES, SUGGESTION_SOURCES, type SuggestionCategory, type SuggestionSource } from './suggestion.types.js';

export class RedactionSuggestionDto {
  @ApiProperty({
    enum: SUGGESTION_CATEGORIES,
    enumName: 'SuggestionCategory',
    description: 'Kind of personal data: name, address, dob (date of birth), phone, email, postcode, ni-number (National Insurance), vehicle-reg, sort-code, account-number.',
    example: 'phone',
  })
  category!: SuggestionCategory;

  @ApiProperty({ description: 'The matched text as it reads on the page (whitespace collapsed).', example: '07700 900123' })
  text!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: '0-based page index.', example: 0 })
  pageIndex!: number;

  @ApiProperty({ description: 'Width of the page in PDF points (displayed orientation), to scale the boxes to a rendering.', example: 595.28 })
  pageWidth!: number;

  @ApiProperty({ description: 'Height of the page in PDF points (displayed orientation).', example: 841.89 })
  pageHeight!: number;

  @ApiProperty({ type: [BoxDto], description: 'The matched words, one box per line the match spans (PDF points, top-left origin of the displayed page).' })
  boxes!: BoxDto[];

  @ApiProperty({
    enum: SUGGESTION_SOURCES,
    enumName: 'SuggestionSource',
    description: '`case-data`: a witness or defendant of the case as the legacy CMS knows them; `pattern`: UK personal-data pattern; `name-rules`: a person the case data does not list, found by how the text names them (titles and ranks, relations, introductions, later mentions).',
    example: 'pattern',
  })
  source!: SuggestionSource;

  @ApiProperty({ description: 'How sure the matcher is, 0–1 (case data and well-formed patterns high; a surname alone or a shape-only match lower).', minimum: 0, maximum: 1, example: 0.9 })
  confidence!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The person this suggestion is about within the document (`person-1`, `person-2`, …): a name, its later mentions and the address, phone, e-mail and date of birth written with it share one key, so all of them can be accepted at once. null when tied to no one found.',
    example: 'person-1',
  })
  personKey!: string | null;
}

export class RedactionSuggestionsDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ description: 'A document id, or `<documentId>-<n>` for an attachment unpacked from an e-mail.', example: '1001' })
  documentId!: string;

  @ApiProperty({ example: '7001' })
  versionId!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Pages of the version.', example: 1 })
  pageCount!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Number of suggestions.', example: 7 })
  suggestionCount!: number;

  @ApiProperty({ type: [RedactionSuggestionDto], description: 'Deduplicated; sorted by page, then reading order.' })
  suggestions!: RedactionSuggestionDto[];

  @ApiProperty({
    type: [String],
    description: 'Case data the legacy CMS withheld from the caller (field paths, e.g. protected witnesses’ dates of birth); those items are found by patterns only.',
    example: ['witnesses[0].dateOfBirth'],
  })
  withheld!: string[];
}
