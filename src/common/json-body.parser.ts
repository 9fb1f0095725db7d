import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error.js';

export interface JsonShapeLimits {
  /** Deepest nesting of arrays and objects; the top-level value is depth 1. */
  readonly maxDepth: number;
  /** Most elements of one array, or members of one object. */
  readonly maxItems: number;
}

export type JsonShapeViolation = { readonly kind: 'depth'; readonly at: number } | { readonly kind: 'items'; readonly at: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

/**
 * One linear pass over JSON text, before JSON.parse: refuses nesting deeper than `maxDepth` and
 * containers with more than `maxItems` elements (counted by commas at their level). Brackets and commas
 * inside strings are skipped. It does not validate JSON (JSON.parse does that next); on invalid JSON it
 * may answer null or a violation, both of which end in a 400. The whole body costs about a millisecond
 * per MiB; without it, a 1 MiB `[[[[…` parses fine but overflows the stack of the recursive body
 * conversion (class-transformer) after seconds of work on the event loop.
 */
export function scanJsonShape(text: string, limits: JsonShapeLimits): JsonShapeViolation | null {
  const commas = new Uint32Array(limits.maxDepth + 1);
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index++;
      else if (char === QUOTE) inString = false;
      continue;
    }
    switch (char) {
      case QUOTE:
        inString = true;
        break;
      case OPEN_ARRAY:
      case OPEN_OBJECT:
        depth++;
        if (depth > limits.maxDepth) return { kind: 'depth', at: index };
        commas[depth] = 0;
        break;
      case CLOSE_ARRAY:
      case CLOSE_OBJECT:
        if (depth > 0) depth--;
        break;
      case COMMA:
        if (depth > 0 && ++commas[depth] >= limits.maxItems) return { kind: 'items', at: index };
        break;
      default:
        break;
    }
  }
  return null;
}

export function jsonShapeError(violation: JsonShapeViolation, limits: JsonShapeLimits): DomainError {
  switch (violation.kind) {
    case 'depth':
      return new DomainError('MALFORMED_REQUEST', `The JSON body nests arrays or objects deeper than ${limits.maxDepth} levels.`);
    case 'items':
      return new DomainError('MALFORMED_REQUEST', `The JSON body has an array or object with more than ${limits.maxItems} elements.`);
  }
}

/**
 * Replaces Fastify's JSON body parser with the same parser (same prototype-poisoning checks, same body
 * limit) behind the shape scan, so a hostile body is a cheap 400 MALFORMED_REQUEST before any parse
 * or conversion.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, limits: JsonShapeLimits): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request: FastifyRequest, body: string | Buffer, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const violation = scanJsonShape(text, limits);
    if (violation !== null) {
      done(jsonShapeError(violation, limits), undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}
