import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';

const MAX_PAGE_INDEX = 99_999;

/** A zero-based page index below 100,000 (the global pipe has already turned the segment into a number). */
@Injectable()
export class ParsePageIndexPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const index = typeof value === 'string' && /^[0-9]{1,5}$/.test(value) ? Number(value) : value;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > MAX_PAGE_INDEX) {
      throw new DomainError('VALIDATION_FAILED', `pageIndex must be a zero-based page number (0-${MAX_PAGE_INDEX}).`, { field: 'pageIndex' });
    }
    return index;
  }
}
