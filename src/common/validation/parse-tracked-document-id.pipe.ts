import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../domain-error.js';
import { TRACKED_DOCUMENT_ID } from './id-patterns.js';

/** `@Param('documentId', ParseTrackedDocumentIdPipe)`: a legacy document id, or `<documentId>-<n>` for an e-mail's attachment. */
@Injectable()
export class ParseTrackedDocumentIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !TRACKED_DOCUMENT_ID.test(value)) {
      const field = metadata.data ?? 'documentId';
      throw new DomainError('VALIDATION_FAILED', `${field} must be a document id, or <documentId>-<n> for an e-mail attachment.`, { field });
    }
    return value;
  }
}
