/**
 * Checks real traffic against the committed openapi.yaml: every response an app under test sends on a
 * documented path (status, headers, content type, body; the data of each server-sent event) must be one
 * the contract describes. Attach it with `checkContract(app)` before the app listens; a violation fails
 * the test during which the response was sent (an afterEach hook registered when this module loads).
 *
 * Bodies are checked against the schemas made strict: an object schema that does not say otherwise
 * accepts no undocumented member, so a field the code sends but nobody documented fails here too.
 * Binary bodies (PDF, original files) and HTML are checked for status, content type and headers only.
 */
import { readFileSync } from 'node:fs';
import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Readable, Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

const SPEC_FILE = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));
const SPEC_ID = 'https://casework-facade.invalid/openapi.json';

/** Paths deliberately left out of the contract: dev-only endpoints (never in production), the document itself, the Prometheus scrape. */
// The web app's files and its settings are not API operations (src/web-app/serve-web-app.ts).
const UNDOCUMENTED_PATHS = [/^\/dev\//, /^\/api\/docs(-json)?$/, /^\/metrics$/, /^\/(index\.html)?$/, /^\/assets\//, /^\/web-app\//];

/** Transport and security boilerplate a client does not act on; every other header must be declared on the response. */
const UNDECLARED_OK = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'vary',
  'cache-control',
  'x-content-type-options',
  'content-security-policy',
  'x-accel-buffering',
  // @fastify/helmet and @fastify/cors (issue 11): on every response, nothing a client acts on.
  'strict-transport-security',
  'x-frame-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'referrer-policy',
  'origin-agent-cluster',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'access-control-allow-origin',
  'access-control-expose-headers',
]);

const JSON_MEDIA = /^application\/([a-z.+-]+\+)?json$/;

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Operation {
  readonly pointer: string;
  readonly operationId: string;
  readonly responses: Json;
}

export interface ObservedResponse {
  readonly method: string;
  /** Path and query, as requested. */
  readonly url: string;
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What the contract says about one response: how to check its body, or why it has none to check. */
export interface ResponseExpectation {
  readonly violations: string[];
  /** Validates a parsed JSON body (or one server-sent event), or null when the body is not JSON. */
  readonly body: ((value: unknown) => string[]) | null;
  readonly mediaType: string | null;
}

const escapePointer = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** A schema tree in which object schemas with `properties` refuse members they do not declare (unless they say what extra members may be). */
function strictCopy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictCopy);
  if (!isRecord(node)) return node;
  const copy: Json = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'example' || key === 'examples' ? value : strictCopy(value)]));
  if (isRecord(copy['properties']) && copy['additionalProperties'] === undefined && copy['unevaluatedProperties'] === undefined) copy['unevaluatedProperties'] = false;
  return copy;
}

export class TrafficContract {
  private readonly ajv: Ajv2020;
  private readonly document: Json;
  private readonly templates: { readonly path: string; readonly pattern: RegExp; readonly literalLength: number }[];
  private readonly validators = new Map<string, ValidateFunction>();
  /** The operations seen answering with a success status (2xx) so far. */
  readonly answered = new Set<string>();

  constructor(document: Json) {
    this.document = document;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    // A CommonJS module: its default export is the plugin, which also carries itself as `default`.
    addFormatsModule.default(this.ajv);
    for (const format of ['binary', 'int32', 'int64', 'float', 'double', 'byte']) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ ...(strictCopy(document) as Json), $id: SPEC_ID });
    const paths = isRecord(document['paths']) ? Object.keys(document['paths']) : [];
    this.templates = paths
      .map((path) => ({
        path,
        pattern: new RegExp(`^${path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+')}$`),
        literalLength: path.replace(/\{[^}]+\}/g, '').length,
      }))
      .sort((a, b) => b.literalLength - a.literalLength);
  }

  static load(file = SPEC_FILE): TrafficContract {
    return new TrafficContract(parse(readFileSync(file, 'utf8')) as Json);
  }

  /** Every operationId the contract documents. */
  operationIds(): string[] {
    const paths = isRecord(this.document['paths']) ? Object.values(this.document['paths']) : [];
    return paths.flatMap((item) => (isRecord(item) ? Object.values(item) : [])).flatMap((operation) => (isRecord(operation) && typeof operation['operationId'] === 'string' ? [operation['operationId']] : []));
  }

  /** Whether the contract leaves this path out on purpose. */
  static isExempt(url: string): boolean {
    const path = url.split('?')[0] ?? url;
    return UNDOCUMENTED_PATHS.some((pattern) => pattern.test(path));
  }

  /** Checks status, headers and content type; returns how to check the body. */
  expect(observed: ObservedResponse): ResponseExpectation {
    const violations: string[] = [];
    const mediaType = (observed.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() || null;
    const operation = this.operationOf(observed.method, observed.url);
    if (operation === null) {
      // Not a documented operation: it may only be refused, as a problem (unknown route, method not allowed).
      if (observed.status < 400 || observed.status >= 500) violations.push(`status ${observed.status} for an undocumented operation`);
      if (observed.headers['x-correlation-id'] === undefined) violations.push('no X-Correlation-Id header');
      if (mediaType !== 'application/problem+json') violations.push(`content type ${String(mediaType)} for a refused undocumented operation (expected application/problem+json)`);
      return { violations, mediaType, body: this.anyProblem() };
    }
    const status = String(observed.status);
    const key = [status, `${status[0]}XX`, 'default'].find((candidate) => operation.responses[candidate] !== undefined);
    if (key === undefined) return { violations: [`undocumented status ${status} (documented: ${Object.keys(operation.responses).join(', ')})`], mediaType, body: null };
    if (observed.status < 300) this.answered.add(operation.operationId);
    const response = this.resolve(operation.responses[key]);
    const pointer = `${operation.pointer}/responses/${escapePointer(key)}`;
    violations.push(...this.headerViolations(response, observed.headers));
    const content = isRecord(response['content']) ? response['content'] : null;
    if (content === null) {
      if (mediaType !== null && observed.headers['content-length'] !== '0') violations.push(`a ${mediaType} body where the contract has none`);
      return { violations, mediaType, body: null };
    }
    const declared = Object.keys(content);
    const match = declared.find((candidate) => candidate === mediaType) ?? declared.find((candidate) => candidate === '*/*' || (candidate.endsWith('/*') && mediaType?.startsWith(candidate.slice(0, -1))));
    if (match === undefined) {
      violations.push(`content type ${String(mediaType)} is not documented for ${status} (documented: ${declared.join(', ')})`);
      return { violations, mediaType, body: null };
    }
    const media = content[match];
    const jsonLike = mediaType !== null && (JSON_MEDIA.test(mediaType) || mediaType === 'text/event-stream');
    return { violations, mediaType, body: jsonLike && isRecord(media) && media['schema'] !== undefined ? this.bodyValidator(`${pointer}/content/${escapePointer(match)}/schema`) : null };
  }

  private operationOf(method: string, url: string): Operation | null {
    const path = url.split('?')[0] ?? url;
    const template = this.templates.find((candidate) => candidate.pattern.test(path));
    if (template === undefined) return null;
    const item = (this.document['paths'] as Json)[template.path];
    const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    const operation = isRecord(item) ? item[verb] : undefined;
    if (!isRecord(operation) || !isRecord(operation['responses'])) return null;
    return { pointer: `#/paths/${escapePointer(template.path)}/${verb}`, operationId: String(operation['operationId']), responses: operation['responses'] };
  }

  private resolve(node: unknown): Json {
    if (isRecord(node) && typeof node['$ref'] === 'string') {
      const target = node['$ref']
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((at, segment) => (isRecord(at) ? at[segment.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined), this.document);
      return this.resolve(target);
    }
    return isRecord(node) ? node : {};
  }

  private headerViolations(response: Json, headers: Readonly<Record<string, string>>): string[] {
    const violations: string[] = [];
    const declared = new Map(Object.entries(isRecord(response['headers']) ? response['headers'] : {}).map(([name, header]) => [name.toLowerCase(), this.resolve(header)]));
    for (const [name, header] of declared) {
      const value = headers[name];
      if (value === undefined) {
        if (header['required'] === true) violations.push(`required header ${name} is missing`);
        continue;
      }
      const schema = header['schema'];
      if (!isRecord(schema)) continue;
      const numeric = schema['type'] === 'integer' || schema['type'] === 'number';
      const candidate = numeric && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
      const validate = this.ajv.compile(schema);
      if (!validate(candidate)) violations.push(`header ${name}: ${JSON.stringify(value)} ${this.ajv.errorsText(validate.errors)}`);
    }
    for (const name of Object.keys(headers)) {
      if (!declared.has(name) && !UNDECLARED_OK.has(name) && !name.startsWith('access-control-')) violations.push(`undeclared header ${name}`);
    }
    return violations;
  }

  /** A problem of any family (the components named `…Problem`). */
  private anyProblem(): (value: unknown) => string[] {
    const schemas = isRecord(this.document['components']) && isRecord(this.document['components']['schemas']) ? Object.keys(this.document['components']['schemas']) : [];
    const families = schemas.filter((name) => name.endsWith('Problem')).map((name) => ({ $ref: `${SPEC_ID}#/components/schemas/${name}` }));
    return this.validatorOf('any problem', { anyOf: families });
  }

  private bodyValidator(pointer: string): (value: unknown) => string[] {
    return this.validatorOf(pointer, { $ref: `${SPEC_ID}${pointer}` });
  }

  private validatorOf(key: string, schema: Json): (value: unknown) => string[] {
    let validate = this.validators.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    const compiled = validate;
    return (value) => (compiled(value) ? [] : (compiled.errors ?? []).slice(0, 10).map((error) => `body${error.instancePath} ${error.message ?? 'is invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`));
  }
}

// ---------- recording real traffic

interface Violation {
  readonly test: string;
  readonly request: string;
  readonly problems: readonly string[];
}

const recorded: Violation[] = [];
let shared: TrafficContract | undefined;
const contract = (): TrafficContract => (shared ??= TrafficContract.load());

function record(request: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  let test = '(outside a test)';
  try {
    test = expect.getState().currentTestName ?? test;
  } catch {
    // no test is running
  }
  recorded.push({ test, request, problems });
}

/** The documented operations that no response of this test file has answered with a success status yet. */
export function operationsNotYetAnswered(): string[] {
  const seen = contract();
  return seen.operationIds().filter((operationId) => !seen.answered.has(operationId));
}

/** The violations recorded so far, cleared. */
export function takeContractViolations(): Violation[] {
  return recorded.splice(0, recorded.length);
}

function failOnViolations(): void {
  const violations = takeContractViolations();
  if (violations.length === 0) return;
  const lines = violations.flatMap((violation) => [`${violation.request} (during "${violation.test}"):`, ...violation.problems.map((problem) => `  - ${problem}`)]);
  throw new Error(`responses that break openapi.yaml:\n${lines.join('\n')}`);
}

afterEach(failOnViolations);
afterAll(failOnViolations);

const headerText = (value: OutgoingHttpHeader | undefined): string | undefined => (value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value));

function headersOf(response: ServerResponse, extra: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.getHeaders())) {
    const text = headerText(value);
    if (text !== undefined) merged[name.toLowerCase()] = text;
  }
  if (Array.isArray(extra)) {
    for (let index = 0; index + 1 < extra.length; index += 2) merged[String(extra[index]).toLowerCase()] = String(extra[index + 1]);
  } else if (extra !== undefined) {
    for (const [name, value] of Object.entries(extra)) {
      const text = headerText(value);
      if (text !== undefined) merged[name.toLowerCase()] = text;
    }
  }
  return merged;
}

interface Exchange {
  readonly method: string;
  readonly url: string;
  payload?: string | Buffer | null;
  streamed?: boolean;
}

/** Parses `event:`/`data:` blocks as they are written and checks each event's parsed data. */
function watchEventStream(response: ServerResponse, label: string, check: (value: unknown) => string[]): void {
  let buffered = '';
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    buffered += typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    let end = buffered.indexOf('\n\n');
    while (end !== -1) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      end = buffered.indexOf('\n\n');
      const fields = block.split('\n').filter((line) => !line.startsWith(':'));
      const event = fields.find((line) => line.startsWith('event:'))?.slice(6).trim() ?? 'message';
      const data = fields.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart());
      if (data.length === 0) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.join('\n'));
      } catch {
        record(label, [`event ${event}: data is not JSON`]);
        continue;
      }
      record(label, check({ event, data: parsed }).map((problem) => `event ${event}: ${problem}`));
    }
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
}

function checkHead(exchange: Exchange, response: ServerResponse, statusCode: number, extra: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined): void {
  if (TrafficContract.isExempt(exchange.url)) return;
  const label = `${exchange.method} ${exchange.url.split('?')[0] ?? exchange.url} → ${statusCode}`;
  const expectation = contract().expect({ method: exchange.method, url: exchange.url, status: statusCode, headers: headersOf(response, extra) });
  record(label, expectation.violations);
  const check = expectation.body;
  if (check === null) return;
  if (expectation.mediaType === 'text/event-stream') {
    watchEventStream(response, label, check);
    return;
  }
  if (exchange.streamed === true || exchange.method === 'HEAD') return; // streams are checked as they flow (see onSend); HEAD has no body
  const text = exchange.payload === undefined || exchange.payload === null ? '' : exchange.payload.toString();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    record(label, [`body is not JSON: ${JSON.stringify(text.slice(0, 80))}`]);
    return;
  }
  record(label, check(parsed));
}

/** A stream of JSON that is checked once it has all been read, before its end reaches the client. */
function checkedJsonStream(source: Readable, exchange: Exchange, reply: { statusCode: number; getHeaders(): Record<string, unknown> }, raw: ServerResponse): Transform {
  const chunks: Buffer[] = [];
  const checked = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
    flush(done) {
      const body = Buffer.concat(chunks);
      const label = `${exchange.method} ${exchange.url.split('?')[0] ?? exchange.url} → ${reply.statusCode}`;
      const expectation = contract().expect({ method: exchange.method, url: exchange.url, status: reply.statusCode, headers: headersOf(raw, reply.getHeaders() as OutgoingHttpHeaders) });
      if (expectation.body !== null) {
        try {
          record(label, expectation.body(JSON.parse(body.toString('utf8'))));
        } catch {
          record(label, ['streamed body is not JSON']);
        }
      }
      done(null, body);
    },
  });
  source.once('error', (error) => checked.destroy(error));
  checked.once('close', () => {
    if (!source.destroyed) source.destroy();
  });
  return source.pipe(checked);
}

/**
 * Checks every response of `app` against openapi.yaml. Call it before `listen`/`init`. Responses are
 * checked when their head is written (so before the client sees them), JSON bodies as they are sent,
 * server-sent events one by one.
 */
export function checkContract<T extends NestFastifyApplication>(app: T): T {
  const fastify = app.getHttpAdapter().getInstance();
  const exchanges = new WeakMap<ServerResponse, Exchange>();
  fastify.addHook('onRequest', (request, reply, done) => {
    const response = reply.raw;
    const exchange: Exchange = { method: request.method, url: request.url };
    exchanges.set(response, exchange);
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    response.writeHead = ((statusCode: number, ...rest: unknown[]) => {
      const extra = rest.find((arg) => typeof arg === 'object' && arg !== null) as OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined;
      try {
        checkHead(exchange, response, statusCode, extra);
      } catch (error) {
        record(`${exchange.method} ${exchange.url}`, [`contract check failed: ${error instanceof Error ? error.message : String(error)}`]);
      }
      return writeHead(statusCode, ...rest);
    });
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const exchange = exchanges.get(reply.raw);
    if (exchange === undefined || TrafficContract.isExempt(request.url)) {
      done(null, payload);
      return;
    }
    if (payload instanceof Readable) {
      const mediaType = String(reply.getHeader('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (JSON_MEDIA.test(mediaType)) {
        exchange.streamed = true;
        done(null, checkedJsonStream(payload, exchange, reply, reply.raw));
        return;
      }
      exchange.streamed = true;
      done(null, payload);
      return;
    }
    exchange.payload = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : null;
    done(null, payload);
  });
  return app;
}
