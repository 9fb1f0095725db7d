import { ApiParam } from '@nestjs/swagger';
import { ID_PATTERN } from './validation/id-patterns.js';

/** Documents a path id (`caseId`, `documentId`, `versionId`) as a facade id. */
export const ApiIdParam = (name: string, example: string): MethodDecorator & ClassDecorator =>
  ApiParam({ name, required: true, schema: { type: 'string', pattern: ID_PATTERN.source, example } });
