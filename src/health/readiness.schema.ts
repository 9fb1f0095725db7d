import type { ApiResponseOptions } from '@nestjs/swagger';

type SchemaObject = NonNullable<Extract<ApiResponseOptions, { schema?: unknown }>['schema']>;

const indicator: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['up', 'down'] }, detail: { type: 'string' } },
  additionalProperties: true,
};
const indicators = (description: string): SchemaObject => ({ type: 'object', description, additionalProperties: indicator });

/** The body of /health/ready, 200 (`ok`, `degraded`) or 503 (`error`). */
export function readinessSchema(statuses: readonly string[]): SchemaObject {
  return {
    type: 'object',
    required: ['status', 'info', 'error', 'details', 'dependencies', 'breakers'],
    properties: {
      status: {
        type: 'string',
        enum: [...statuses],
        description: '`ok`: all up. `degraded`: only dependencies the facade can work without are down (the legacy CMS) or a breaker is not closed. `error`: a critical dependency is down.',
      },
      info: indicators('Parts that are up, as `<dependency>.<part>`.'),
      error: indicators('Parts that are down.'),
      details: indicators('Every part.'),
      dependencies: {
        type: 'object',
        description: 'Each dependency: down when any of its parts is; `critical` when the facade cannot work without it.',
        additionalProperties: {
          type: 'object',
          required: ['status', 'critical'],
          properties: { status: { type: 'string', enum: ['up', 'down'] }, critical: { type: 'boolean' } },
          additionalProperties: false,
        },
      },
      breakers: {
        type: 'object',
        description: 'Each circuit breaker of this instance (e.g. `legacy.soap`).',
        additionalProperties: {
          type: 'object',
          required: ['state'],
          properties: {
            state: { type: 'string', enum: ['closed', 'half-open', 'open'] },
            retryAfterSeconds: { type: 'integer', minimum: 1, description: 'While open: seconds until a probe call is let through.' },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  };
}
