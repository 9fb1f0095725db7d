import { ApiProperty } from '@nestjs/swagger';
import { FailureExplanationDto } from '../../ingestion/tracker.dto.js';
import { CAPABILITY_DENIALS, type CapabilityDenialCode } from './document-capabilities.js';

/** Why the caller cannot do something with a document. */
export class CapabilityDenialDto {
  @ApiProperty({
    enum: CAPABILITY_DENIALS,
    description:
      'CHECKED_OUT_BY_OTHER (`checkedOutBy`), CONVERTED_FORM_ONLY (an e-mail: the facade has only its PDF rendering), UNSUPPORTED_TYPE and INGESTION_FAILED (`ingestionFailure`), NOT_INGESTED (not processed yet), VERSION_NOT_CURRENT (`currentVersionId`).',
  })
  code!: CapabilityDenialCode;

  @ApiProperty({ description: 'The reason in words.' })
  message!: string;

  @ApiProperty({ type: String, nullable: true, required: false, description: 'CHECKED_OUT_BY_OTHER: legacy username of the holder, when the legacy CMS says.' })
  checkedOutBy?: string | null;

  @ApiProperty({ type: FailureExplanationDto, required: false, description: 'INGESTION_FAILED / UNSUPPORTED_TYPE: why, and what the user can do.' })
  ingestionFailure?: FailureExplanationDto;

  @ApiProperty({ required: false, description: 'VERSION_NOT_CURRENT: the version to use instead.' })
  currentVersionId?: string;
}
