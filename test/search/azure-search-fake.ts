import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { foldToken, tokenize } from '../../src/search/search-tokens.js';

type Document = Record<string, unknown> & { id: string; text: string };

/**
 * A small in-memory stand-in for the Azure AI Search REST API, played through nock (`start`) or served over HTTP
 * (`serve`), both through one request handler (`handle`). It understands only
 * what the adapter is meant to send, and answers 400 to anything else, so a widened query fails loudly:
 *  - filters: `search.in(field, 'a,b', ',')` and `field eq 'value'` joined by `and`;
 *  - search text in the simple syntax with searchMode 'all': "quoted phrases" and token* prefixes
 *    (every clause required), or `*`;
 *  - the fields in `searchFields` analysed as the index definition asks: `terms` (built-in `whitespace`: split on
 *    spaces, nothing else) and `text` (`casework_line`: runs of letters/digits/marks, lower case, folded); a
 *    clause must match in one of them, as Azure matches each term across the searched fields.
 * Scores are term frequency over the square root of line length: enough to check the adapter keeps the
 * engine's order, not a model of BM25. `facets: ['field,count:n']` counts documents per value of a field.
 *
 * Near-real-time like the real service: with `visibilityLag` n > 0, an acknowledged write shows in searches only
 * after n more search requests have been answered (counted, not timed, so tests stay independent of speed).
 */
export class AzureSearchFake {
  readonly documents = new Map<string, Document>();
  readonly requests: { method: string; path: string; body: unknown }[] = [];
  indexDefinition: unknown = null;
  visibilityLag = 0;
  private searches = 0;
  private readonly pending: { visibleAfter: number; apply: () => void }[] = [];

  constructor(
    readonly endpoint: string,
    readonly indexName: string,
    private readonly apiKey: string,
  ) {}

  /** Plays the fake through nock at `endpoint` (in this process only). */
  start(): this {
    const scope = nock(this.endpoint, { reqheaders: { 'api-key': this.apiKey } }).persist();
    scope.put((path) => this.handles(path)).reply((path, body) => this.handle('PUT', path, body));
    scope.post((path) => this.handles(path)).reply((path, body) => this.handle('POST', path, body));
    return this;
  }

  stop(): void {
    nock.cleanAll();
  }

  /**
   * Serves the fake on 127.0.0.1 (an ephemeral port), for facades in other processes; `endpoint` is ignored, the
   * answer's `url` is the endpoint to give them. Requests without the api key get 403. The Azure SDK refuses a
   * plain-http endpoint, so pass `tls` (a certificate the clients trust) to serve https.
   */
  async serve(tls?: { readonly key: string; readonly cert: string }): Promise<{ readonly url: string; close(): Promise<void> }> {
    const handler = (request: IncomingMessage, response: ServerResponse): void => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        let answer: [number, unknown];
        if (request.headers['api-key'] !== this.apiKey) answer = [403, { error: { code: 'Forbidden', message: 'wrong or missing api-key' } }];
        else if (!this.handles(path) || !['PUT', 'POST'].includes(request.method ?? '')) answer = [400, { error: { code: 'InvalidRequest', message: `the fake does not answer ${request.method} ${path}` } }];
        else {
          try {
            answer = this.handle(request.method ?? '', path, chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            answer = [400, { error: { code: 'InvalidRequest', message: error instanceof Error ? error.message : 'invalid' } }];
          }
        }
        response.writeHead(answer[0], { 'content-type': 'application/json; odata.metadata=minimal' }).end(JSON.stringify(answer[1]));
      });
    };
    const server = tls === undefined ? createServer(handler) : createHttpsServer({ key: tls.key, cert: tls.cert }, handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  private handles(path: string): boolean {
    return path.startsWith(`/indexes('${this.indexName}')`);
  }

  /** The one request handler both bindings use: method, path with query, parsed JSON body → status and body. */
  handle(method: string, path: string, body: unknown): [number, unknown] {
    const index = `/indexes('${this.indexName}')`;
    this.requests.push({ method, path, body });
    if (method === 'PUT' && path.startsWith(`${index}?`)) {
      this.indexDefinition = body;
      return [201, body];
    }
    if (method === 'POST' && path.startsWith(`${index}/docs/search.index?`)) return [200, this.applyBatch(body as { value: Record<string, unknown>[] })];
    if (method === 'POST' && path.startsWith(`${index}/docs/search.post.search?`)) {
      try {
        return [200, this.search(body as SearchRequest)];
      } catch (error) {
        return [400, { error: { code: 'InvalidRequestParameter', message: error instanceof Error ? error.message : 'invalid' } }];
      }
    }
    return [400, { error: { code: 'InvalidRequest', message: `the fake does not answer ${method} ${path}` } }];
  }

  private applyBatch(batch: { value: Record<string, unknown>[] }): unknown {
    if (batch.value.length > 1000) throw new Error('more than 1000 actions in one batch');
    return {
      value: batch.value.map((action) => {
        const { ['@search.action']: kind, ...fields } = action;
        const key = String(fields['id']);
        if (!/^[A-Za-z0-9_=-]+$/.test(key)) return { key, status: false, errorMessage: 'Invalid document key', statusCode: 400 };
        if (kind === 'mergeOrUpload') this.later(() => this.documents.set(key, { ...(this.documents.get(key) ?? {}), ...fields } as Document));
        else if (kind === 'delete') this.later(() => this.documents.delete(key));
        else return { key, status: false, errorMessage: `unsupported action ${String(kind)}`, statusCode: 400 };
        return { key, status: true, errorMessage: null, statusCode: kind === 'delete' ? 200 : 201 };
      }),
    };
  }

  private later(apply: () => void): void {
    if (this.visibilityLag <= 0) apply();
    else this.pending.push({ visibleAfter: this.searches + this.visibilityLag, apply });
  }

  private search(request: SearchRequest): unknown {
    this.searches += 1;
    while (this.pending.length > 0 && this.pending[0].visibleAfter <= this.searches) this.pending.shift()!.apply();
    const predicate = request.filter === undefined ? () => true : parseFilter(request.filter);
    const clauses = request.search === '*' || request.search === undefined ? [] : parseSimpleQuery(request.search);
    if (clauses.length > 0 && (request.searchMode !== 'all' || request.queryType !== 'simple')) throw new Error('expected searchMode all and queryType simple');
    const scored = [...this.documents.values()]
      .filter(predicate)
      .map((document) => ({ document, score: scoreOf(fieldTokens(document, request.searchFields), clauses) }))
      .filter(({ score }) => score !== null) as { document: Document; score: number }[];
    scored.sort((a, b) => b.score - a.score);
    const select = request.select?.split(',').map((field) => field.trim());
    const page = scored.slice(request.skip ?? 0, (request.skip ?? 0) + (request.top ?? 50));
    const facets = (request.facets ?? []).map((facet) => {
      const [field, ...params] = facet.split(',');
      if (params.some((param) => !/^count:\d+$/.test(param))) throw new Error(`the fake refuses facet ${facet}`);
      const counts = new Map<string, number>();
      for (const { document } of scored) if (typeof document[field] === 'string') counts.set(document[field], (counts.get(document[field]) ?? 0) + 1);
      return [field, [...counts.entries()].map(([value, count]) => ({ value, count }))] as const;
    });
    return {
      ...(request.count === true ? { '@odata.count': scored.length } : {}),
      ...(facets.length > 0 ? { '@search.facets': Object.fromEntries(facets) } : {}),
      value: page.map(({ document, score }) => ({ '@search.score': score, ...pick(document, select) })),
    };
  }
}

interface SearchRequest {
  search?: string;
  searchFields?: string;
  searchMode?: string;
  queryType?: string;
  filter?: string;
  select?: string;
  top?: number;
  skip?: number;
  count?: boolean;
  facets?: string[];
}

/** A clause as each field's analyzer sees it. */
type Clause = { kind: 'phrase'; terms: string[]; text: string[] } | { kind: 'prefix'; token: string };

const whitespace = (value: string): string[] => value.split(/\s+/).filter((token) => token.length > 0);
const lineAnalyzer = (value: string): string[] => tokenize(value).map(foldToken).filter((token) => token.length > 0);

/** Token lists of the searched fields: whitespace-analysed ones (`terms`, `coveredTerms`) and `text`. */
function fieldTokens(document: Document, searchFields: string | undefined): { terms: string[][]; text: string[] } {
  const fields = new Set((searchFields ?? 'terms,text').split(',').map((field) => field.trim()));
  const whitespaceFields = ['terms', 'coveredTerms'].filter((field) => fields.has(field) && typeof document[field] === 'string');
  return {
    terms: whitespaceFields.map((field) => whitespace(document[field] as string)),
    text: fields.has('text') ? lineAnalyzer(document.text) : [],
  };
}

function pick(document: Document, select: string[] | undefined): Record<string, unknown> {
  if (select === undefined) return document;
  return Object.fromEntries(select.map((field) => [field, document[field]]));
}

function count(tokens: readonly string[], clause: Clause, phrase: readonly string[]): number {
  if (clause.kind === 'prefix') return tokens.filter((token) => token.startsWith(clause.token)).length;
  let found = 0;
  if (phrase.length === 0) return 0;
  for (let i = 0; i + phrase.length <= tokens.length; i += 1) if (phrase.every((token, k) => tokens[i + k] === token)) found += 1;
  return found;
}

function scoreOf(fields: { terms: string[][]; text: string[] }, clauses: readonly Clause[]): number | null {
  let matches = 0;
  for (const clause of clauses) {
    const found =
      fields.terms.reduce((sum, tokens) => sum + count(tokens, clause, clause.kind === 'phrase' ? clause.terms : []), 0) + count(fields.text, clause, clause.kind === 'phrase' ? clause.text : []);
    if (found === 0) return null;
    matches += found;
  }
  return clauses.length === 0 ? 1 : matches / Math.sqrt(Math.max(1, fields.terms[0]?.length ?? 0, fields.text.length));
}

/** The simple syntax as the adapter uses it; any operator or unescaped special character is refused. */
function parseSimpleQuery(text: string): Clause[] {
  const clauses: Clause[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|((?:[^\s"\\+|\-*()~]|\\.)+)\*)\s*/gy;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match === null) throw new Error(`the fake refuses search text at ${at}: ${text.slice(at, at + 20)}`);
    at = pattern.lastIndex;
    const unescape = (value: string): string => value.replace(/\\(.)/g, '$1');
    if (match[1] !== undefined) clauses.push({ kind: 'phrase', terms: whitespace(unescape(match[1])), text: lineAnalyzer(unescape(match[1])) });
    // wildcard terms are not analysed by Azure
    else clauses.push({ kind: 'prefix', token: unescape(match[2]) });
  }
  return clauses;
}

/** `search.in(field, 'a,b', ',')` / `field eq 'v'`, joined by `and`; nothing else. */
function parseFilter(filter: string): (document: Document) => boolean {
  const literal = String.raw`'((?:[^']|'')*)'`;
  const clause = new RegExp(String.raw`^\s*(?:search\.in\((\w+), ${literal}, ','\)|(\w+) eq ${literal})\s*(?:and\b|$)`);
  const tests: ((document: Document) => boolean)[] = [];
  let rest = filter;
  while (rest.trim().length > 0) {
    const match = clause.exec(rest);
    if (match === null) throw new Error(`the fake refuses filter: ${rest.slice(0, 40)}`);
    rest = rest.slice(match[0].length);
    if (match[1] !== undefined) {
      const field = match[1];
      const values = new Set(match[2].replace(/''/g, "'").split(','));
      tests.push((document) => values.has(String(document[field])));
    } else {
      const field = match[3];
      const value = match[4].replace(/''/g, "'");
      tests.push((document) => String(document[field]) === value);
    }
  }
  return (document) => tests.every((test) => test(document));
}
