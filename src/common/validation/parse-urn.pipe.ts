import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../domain-error.js';
import { normalizeUrn } from './id-patterns.js';

const nameOf = (metadata: ArgumentMetadata): string => metadata.data ?? metadata.type;

/** `@Query('urn', ParseUrnPipe)`: a case URN, answered upper-cased. */
@Injectable()
export class ParseUrnPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    const urn = normalizeUrn(value);
    if (urn === null) {
      throw new DomainError('VALIDATION_FAILED', `${nameOf(metadata)} must be a case URN such as 45AA2098224.`, { field: nameOf(metadata) });
    }
    return urn;
  }
}
