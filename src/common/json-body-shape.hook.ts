import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DomainError } from './domain-error.js';

export interface JsonShapeLimits {
  /** Deepest nesting of arrays and objects; the top-level value is depth 1. */
  readonly maxDepth: number;
  /** Most elements of one array, or members of one object. */
  readonly maxItems: number;
}

/** What broke a limit, and at which byte of the body. */
export type JsonShapeViolation = { readonly kind: 'depth'; readonly at: number } | { readonly kind: 'items'; readonly at: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

/**
 * One linear pass over the bytes of a JSON body as they arrive, before JSON.parse: refuses nesting deeper than
 * `maxDepth` and containers with more than `maxItems` elements (counted by commas at their level). Brackets and
 * commas inside strings are skipped; the structural characters are ASCII, which never occurs inside a multi-byte
 * UTF-8 sequence, so bytes can be scanned without decoding. It does not validate JSON (JSON.parse does that
 * next). Without it, a 1 MiB `[[[[…` parses fine but overflows the stack of the recursive body conversion
 * (class-transformer) after seconds of work on the event loop.
 */
export class JsonShapeScanner {
  private readonly commas: Uint32Array;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private offset = 0;

  constructor(private readonly limits: JsonShapeLimits) {
    this.commas = new Uint32Array(limits.maxDepth + 1);
  }

  /** Scans the next chunk; the first violation found, or null. */
  push(chunk: Uint8Array): JsonShapeViolation | null {
    const { maxDepth, maxItems } = this.limits;
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
        continue;
      }
      switch (byte) {
        case QUOTE:
          this.inString = true;
          break;
        case OPEN_ARRAY:
        case OPEN_OBJECT:
          this.depth++;
          if (this.depth > maxDepth) return { kind: 'depth', at: this.offset + index };
          this.commas[this.depth] = 0;
          break;
        case CLOSE_ARRAY:
        case CLOSE_OBJECT:
          if (this.depth > 0) this.depth--;
          break;
        case COMMA:
          if (this.depth > 0 && ++this.commas[this.depth] >= maxItems) return { kind: 'items', at: this.offset + index };
          break;
        default:
          break;
      }
    }
    this.offset += chunk.length;
    return null;
  }
}

/** The whole body at once (tests, tools). */
export function scanJsonShape(body: string | Uint8Array, limits: JsonShapeLimits): JsonShapeViolation | null {
  return new JsonShapeScanner(limits).push(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
}

export function jsonShapeError(violation: JsonShapeViolation, limits: JsonShapeLimits): DomainError {
  switch (violation.kind) {
    case 'depth':
      return new DomainError('MALFORMED_REQUEST', `The JSON body nests arrays or objects deeper than ${limits.maxDepth} levels.`);
    case 'items':
      return new DomainError('MALFORMED_REQUEST', `The JSON body has an array or object with more than ${limits.maxItems} elements.`);
  }
}

/** Passes the body through, failing the stream at the first violation (Fastify's body reader then answers the error). */
class JsonShapeGuardStream extends Transform {
  private readonly scanner: JsonShapeScanner;

  constructor(private readonly limits: JsonShapeLimits) {
    super();
    this.scanner = new JsonShapeScanner(limits);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const violation = this.scanner.push(chunk);
    if (violation !== null) callback(jsonShapeError(violation, this.limits));
    else callback(null, chunk);
  }
}

const JSON_CONTENT_TYPE = /^application\/json\s*(?:;|$)/i;

/**
 * Scans every JSON request body as it streams in (a preParsing hook, before Fastify's own JSON parser, which
 * stays as it is: body limit, prototype-poisoning checks). A hostile body is refused at the byte that breaks a
 * limit, with 400 MALFORMED_REQUEST: nothing more of it is buffered, decoded, parsed or converted, and it happens
 * before authentication (bodies are read before guards run).
 */
export function registerJsonBodyGuard(fastify: FastifyInstance, limits: JsonShapeLimits): void {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const contentType = request.headers['content-type'];
    if (contentType === undefined || !JSON_CONTENT_TYPE.test(contentType)) {
      done(null, payload);
      return;
    }
    const guarded = new JsonShapeGuardStream(limits);
    payload.once('error', (error) => guarded.destroy(error));
    done(null, payload.pipe(guarded));
  });
}
