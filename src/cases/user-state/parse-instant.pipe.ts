import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `@Query('since', ParseOptionalInstantPipe)`: an ISO-8601 instant with its offset, or nothing. */
@Injectable()
export class ParseOptionalInstantPipe implements PipeTransform<unknown, Date | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): Date | undefined {
    if (value === undefined) return undefined;
    const field = metadata.data ?? 'value';
    const time = typeof value === 'string' && INSTANT.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(time)) throw new DomainError('VALIDATION_FAILED', `${field} must be an ISO-8601 instant such as 2026-01-31T09:00:00Z.`, { field });
    return new Date(time);
  }
}
