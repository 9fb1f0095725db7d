import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '../domain-error.js';

/** Flattens class-validator errors into `field: reason` lines (nested fields as a.b). */
export function describeValidationErrors(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => `${path}: ${reason}`);
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/** The global pipe: unknown fields are refused and failures become VALIDATION_FAILED. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const lines = describeValidationErrors(errors);
      return new DomainError('VALIDATION_FAILED', lines.length > 0 ? lines.join('; ') : 'The request is not valid.', {
        fields: [...new Set(lines.map((line) => line.split(':')[0]))].join(','),
      });
    },
  });
}
