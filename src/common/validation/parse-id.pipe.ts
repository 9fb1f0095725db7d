import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../domain-error.js';
import { isFacadeId } from './id-patterns.js';

const nameOf = (metadata: ArgumentMetadata): string => metadata.data ?? metadata.type;

/** `@Param('caseId', ParseIdPipe)`: a facade id (decimal, no leading zeros, at most 8 digits). */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (!isFacadeId(value)) {
      throw new DomainError('VALIDATION_FAILED', `${nameOf(metadata)} must be a decimal id without leading zeros (1-99999999).`, { field: nameOf(metadata) });
    }
    return value;
  }
}
