import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';

/** A zero-based page index: decimal, no leading zeros, below 100,000. */
@Injectable()
export class ParsePageIndexPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    if (typeof value !== 'string' || !/^(?:0|[1-9][0-9]{0,4})$/.test(value)) {
      throw new DomainError('VALIDATION_FAILED', 'pageIndex must be a zero-based page number (0-99999).', { field: 'pageIndex' });
    }
    return Number(value);
  }
}
