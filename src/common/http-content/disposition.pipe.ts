import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';
import { DISPOSITION_TYPES, type DispositionType } from './content-disposition.js';

const isDispositionType = (value: unknown): value is DispositionType => DISPOSITION_TYPES.some((type) => type === value);

/** `?disposition=inline|attachment`, attachment when absent. */
@Injectable()
export class ParseDispositionPipe implements PipeTransform<unknown, DispositionType> {
  transform(value: unknown): DispositionType {
    if (value === undefined || value === '') return 'attachment';
    if (!isDispositionType(value)) {
      throw new DomainError('VALIDATION_FAILED', `disposition must be one of ${DISPOSITION_TYPES.join(', ')}.`, { field: 'disposition' });
    }
    return value;
  }
}
