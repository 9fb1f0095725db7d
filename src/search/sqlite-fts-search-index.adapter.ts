import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { toFts5Match } from './fts5-match.mapper.js';
import { hasCoveredWords, liveTokensOf, searchTextOf, searchTokensOf } from './search-tokens.js';
import type { DocumentHitCount, IndexedLine, IndexedWord, LineHit, SearchIndex, SearchQuery } from './search-index.port.js';
import { clampLimit } from './search-limits.js';

export interface SqliteFtsSearchIndexOptions {
  /** The database file, e.g. `${dataDir}/search.sqlite`; `:memory:` for a throw-away index. */
  readonly path: string;
}

// The words (JSON, the bulk of a line) live apart from the keys so that filtering and ranking a common word's
// thousands of matches reads small rows; only the top hits' words are fetched.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS search_line (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  version_id TEXT NOT NULL,
  page_index INTEGER NOT NULL,
  line_index INTEGER NOT NULL,
  page_width REAL NOT NULL,
  page_height REAL NOT NULL,
  UNIQUE (case_id, document_id, version_id, page_index, line_index)
);
CREATE TABLE IF NOT EXISTS search_line_words (
  id INTEGER PRIMARY KEY,
  words TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_line_covered_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
`;

/**
 * Lines with covered words (ADR 0033) are indexed twice: in search_line_fts with each covered word's tokens replaced
 * by COVERED_TOKEN (what a default search sees), and whole in search_line_covered_fts (same rowid), which only a
 * search with includeCovered also reads. Few lines have covered words, so the second table stays small.
 *
 * Schema 1: the FTS table keeps the line's text as extracted (unindexed, returned with hits) and indexes `terms`,
 * our tokeniser's output (NFKC, folded, CJK bigrams; see search-tokens.ts), so unicode61 only splits on spaces.
 * Schema 0 indexed the raw text in `search_line_text`; opening such a file rebuilds the table from that text.
 */
const SCHEMA_VERSION = 1;
const FTS_TABLE = `CREATE VIRTUAL TABLE IF NOT EXISTS search_line_fts USING fts5(text UNINDEXED, terms, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');`;

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= SCHEMA_VERSION) return;
  db.function('casework_search_text', { deterministic: true }, (text: unknown) => searchTextOf(String(text)));
  // IMMEDIATE: another process opening the same file waits for the write lock, then finds the work done
  db.transaction(() => {
    if ((db.pragma('user_version', { simple: true }) as number) >= SCHEMA_VERSION) return;
    db.exec(FTS_TABLE);
    const legacy = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_line_text'").get();
    if (legacy !== undefined) {
      db.exec('INSERT INTO search_line_fts (rowid, text, terms) SELECT rowid, text, casework_search_text(text) FROM search_line_text');
      db.exec('DROP TABLE search_line_text');
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

interface LineRow {
  case_id: string;
  document_id: string;
  version_id: string;
  page_index: number;
  line_index: number;
  page_width: number;
  page_height: number;
  words: string;
  text: string;
  rank: number;
}

/**
 * The default SearchIndex: SQLite FTS5 in one file (WAL). The FTS table holds each line's text under
 * the rowid of its `search_line` row, which carries the keys, page size and the words with boxes (JSON).
 * User input reaches MATCH only as quoted FTS5 strings; ids, versions and limits are bound parameters.
 */
export class SqliteFtsSearchIndex implements SearchIndex {
  private closed = false;
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      findLine: db.prepare<[string, string, string, number, number], { id: number }>(
        'SELECT id FROM search_line WHERE case_id = ? AND document_id = ? AND version_id = ? AND page_index = ? AND line_index = ?',
      ),
      deleteLineText: db.prepare<[number]>('DELETE FROM search_line_fts WHERE rowid = ?'),
      deleteLineWords: db.prepare<[number]>('DELETE FROM search_line_words WHERE id = ?'),
      deleteLineCovered: db.prepare<[number]>('DELETE FROM search_line_covered_fts WHERE rowid = ?'),
      insertLineCovered: db.prepare<[number | bigint, string]>('INSERT INTO search_line_covered_fts (rowid, terms) VALUES (?, ?)'),
      deleteVersionCovered: db.prepare<[string, string, string]>(
        'DELETE FROM search_line_covered_fts WHERE rowid IN (SELECT id FROM search_line WHERE case_id = ? AND document_id = ? AND version_id = ?)',
      ),
      deleteDocumentCovered: db.prepare<[string, string]>(
        'DELETE FROM search_line_covered_fts WHERE rowid IN (SELECT id FROM search_line WHERE case_id = ? AND document_id = ?)',
      ),
      deleteLine: db.prepare<[number]>('DELETE FROM search_line WHERE id = ?'),
      insertLine: db.prepare<[string, string, string, number, number, number, number]>(
        'INSERT INTO search_line (case_id, document_id, version_id, page_index, line_index, page_width, page_height) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertLineWords: db.prepare<[number | bigint, string]>('INSERT INTO search_line_words (id, words) VALUES (?, ?)'),
      insertLineText: db.prepare<[number | bigint, string, string]>('INSERT INTO search_line_fts (rowid, text, terms) VALUES (?, ?, ?)'),
      deleteVersionText: db.prepare<[string, string, string]>(
        'DELETE FROM search_line_fts WHERE rowid IN (SELECT id FROM search_line WHERE case_id = ? AND document_id = ? AND version_id = ?)',
      ),
      deleteVersionWords: db.prepare<[string, string, string]>(
        'DELETE FROM search_line_words WHERE id IN (SELECT id FROM search_line WHERE case_id = ? AND document_id = ? AND version_id = ?)',
      ),
      deleteVersion: db.prepare<[string, string, string]>('DELETE FROM search_line WHERE case_id = ? AND document_id = ? AND version_id = ?'),
      deleteDocumentText: db.prepare<[string, string]>('DELETE FROM search_line_fts WHERE rowid IN (SELECT id FROM search_line WHERE case_id = ? AND document_id = ?)'),
      deleteDocumentWords: db.prepare<[string, string]>('DELETE FROM search_line_words WHERE id IN (SELECT id FROM search_line WHERE case_id = ? AND document_id = ?)'),
      deleteDocument: db.prepare<[string, string]>('DELETE FROM search_line WHERE case_id = ? AND document_id = ?'),
      countLines: db.prepare<[string, string, string], { n: number }>('SELECT count(*) AS n FROM search_line WHERE case_id = ? AND document_id = ? AND version_id = ?'),
      indexedVersions: db.prepare<[string], DocumentHitCount>(
        'SELECT document_id AS documentId, version_id AS versionId, count(*) AS lines FROM search_line WHERE case_id = ? GROUP BY document_id, version_id ORDER BY document_id, version_id',
      ),
    };
  }

  /** The four shapes of a search (current versions or not, covered words or not), prepared once each. */
  private readonly queries = new Map<string, Database.Statement<unknown[], LineRow>>();
  private readonly counts = new Map<string, Database.Statement<unknown[], CountRow>>();

  private statementFor<Row>(cache: Map<string, Database.Statement<unknown[], Row>>, sql: (filter: string, covered: boolean) => string, query: Omit<SearchQuery, 'limit'>): Database.Statement<unknown[], Row> {
    const key = `${query.currentVersions !== undefined}:${query.includeCovered === true}`;
    let statement = cache.get(key);
    if (statement === undefined) {
      statement = this.db.prepare<unknown[], Row>(sql(query.currentVersions !== undefined ? VERSION_FILTER : '', query.includeCovered === true));
      cache.set(key, statement);
    }
    return statement;
  }

  private parametersOf(query: Omit<SearchQuery, 'limit'>): unknown[] {
    const match = toFts5Match(query.terms);
    return [
      match,
      ...(query.includeCovered === true ? [match] : []),
      JSON.stringify(query.caseIds),
      ...(query.currentVersions !== undefined ? [JSON.stringify([...query.currentVersions.entries()])] : []),
    ];
  }

  static fromConfig(options: SqliteFtsSearchIndexOptions): SqliteFtsSearchIndex {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    migrate(db);
    return new SqliteFtsSearchIndex(db);
  }

  upsertLines(lines: readonly IndexedLine[]): Promise<void> {
    this.assertOpen();
    for (const versionLines of groupByVersion(lines)) this.upsertVersion(versionLines);
    return Promise.resolve();
  }

  deleteDocument(caseId: string, documentId: string, versionId?: string): Promise<number> {
    this.assertOpen();
    const deleted = this.db.transaction(() => {
      if (versionId === undefined) {
        this.statements.deleteDocumentText.run(caseId, documentId);
        this.statements.deleteDocumentCovered.run(caseId, documentId);
        this.statements.deleteDocumentWords.run(caseId, documentId);
        return this.statements.deleteDocument.run(caseId, documentId).changes;
      }
      this.statements.deleteVersionText.run(caseId, documentId, versionId);
      this.statements.deleteVersionCovered.run(caseId, documentId, versionId);
      this.statements.deleteVersionWords.run(caseId, documentId, versionId);
      return this.statements.deleteVersion.run(caseId, documentId, versionId).changes;
    })();
    return Promise.resolve(deleted);
  }

  search(query: SearchQuery): Promise<LineHit[]> {
    this.assertOpen();
    if (query.caseIds.length === 0 || query.terms.length === 0 || query.currentVersions?.size === 0) return Promise.resolve([]);
    const rows = this.statementFor(this.queries, searchSql, query).all(...this.parametersOf(query), clampLimit(query.limit));
    return Promise.resolve(rows.map(toHit));
  }

  countHits(query: Omit<SearchQuery, 'limit'>): Promise<DocumentHitCount[]> {
    this.assertOpen();
    if (query.caseIds.length === 0 || query.terms.length === 0 || query.currentVersions?.size === 0) return Promise.resolve([]);
    const rows = this.statementFor(this.counts, countSql, query).all(...this.parametersOf(query));
    return Promise.resolve(rows.map((row) => ({ documentId: row.document_id, versionId: row.version_id, lines: row.n })));
  }

  countLines(caseId: string, documentId: string, versionId: string): Promise<number> {
    this.assertOpen();
    return Promise.resolve(this.statements.countLines.get(caseId, documentId, versionId)?.n ?? 0);
  }

  indexedVersions(caseId: string): Promise<DocumentHitCount[]> {
    this.assertOpen();
    return Promise.resolve(this.statements.indexedVersions.all(caseId).map((row) => ({ documentId: row.documentId, versionId: row.versionId, lines: row.lines })));
  }

  readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    if (this.closed) return Promise.resolve({ sqliteFts: { up: false, detail: 'closed' } });
    try {
      this.db.prepare('SELECT count(*) FROM search_line_fts WHERE rowid = 0').get();
      return Promise.resolve({ sqliteFts: { up: true } });
    } catch (error) {
      return Promise.resolve({ sqliteFts: { up: false, detail: error instanceof Error ? error.message : 'unavailable' } });
    }
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.db.close();
    }
    return Promise.resolve();
  }

  private upsertVersion(lines: readonly IndexedLine[]): void {
    const { findLine, deleteLineText, deleteLineWords, deleteLineCovered, deleteLine, insertLine, insertLineWords, insertLineText, insertLineCovered } = this.statements;
    this.db.transaction(() => {
      for (const line of lines) {
        const existing = findLine.get(line.caseId, line.documentId, line.versionId, line.pageIndex, line.lineIndex);
        if (existing !== undefined) {
          deleteLineText.run(existing.id);
          deleteLineWords.run(existing.id);
          deleteLineCovered.run(existing.id);
          deleteLine.run(existing.id);
        }
        const words = JSON.stringify(line.words.map(toStoredWord));
        const { lastInsertRowid } = insertLine.run(line.caseId, line.documentId, line.versionId, line.pageIndex, line.lineIndex, line.pageWidth, line.pageHeight);
        insertLineWords.run(lastInsertRowid, words);
        if (hasCoveredWords(line.words)) {
          insertLineText.run(lastInsertRowid, line.text, liveTokensOf(line.words).join(' '));
          insertLineCovered.run(lastInsertRowid, searchTokensOf(line.text).join(' '));
        } else {
          insertLineText.run(lastInsertRowid, line.text, searchTextOf(line.text));
        }
      }
    })();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the search index is closed');
  }
}

const VERSION_FILTER = "AND (l.document_id, l.version_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))";

/** The matching rowids with their bm25 rank: the default table, and with covered words the covered table too. */
const matchedSql = (covered: boolean): string =>
  covered
    ? `(SELECT id, min(rank) AS rank FROM (
         SELECT rowid AS id, bm25(search_line_fts) AS rank FROM search_line_fts WHERE search_line_fts MATCH ?
         UNION ALL
         SELECT rowid AS id, bm25(search_line_covered_fts) AS rank FROM search_line_covered_fts WHERE search_line_covered_fts MATCH ?
       ) GROUP BY id)`
    : '(SELECT rowid AS id, bm25(search_line_fts) AS rank FROM search_line_fts WHERE search_line_fts MATCH ?)';

/**
 * Ranks in two steps: the best `limit` matches by bm25 among the rows of the asked cases (narrow rows), then
 * their text and words. Ties break by document, page and line so results are stable.
 */
const searchSql = (versionFilter: string, covered: boolean): string => `
  WITH best AS (
    SELECT m.id AS id, m.rank AS rank
    FROM ${matchedSql(covered)} m JOIN search_line l ON l.id = m.id
    WHERE l.case_id IN (SELECT value FROM json_each(?)) ${versionFilter}
    ORDER BY rank, l.document_id, l.page_index, l.line_index
    LIMIT ?
  )
  SELECT l.case_id, l.document_id, l.version_id, l.page_index, l.line_index, l.page_width, l.page_height, w.words, t.text, best.rank
  FROM best
  JOIN search_line l ON l.id = best.id
  JOIN search_line_words w ON w.id = best.id
  JOIN search_line_fts t ON t.rowid = best.id
  ORDER BY best.rank, l.document_id, l.page_index, l.line_index`;

/** Matching lines per document version: the keys only, never text or words. */
const countSql = (versionFilter: string, covered: boolean): string => `
  SELECT l.document_id, l.version_id, count(*) AS n
  FROM ${matchedSql(covered)} m JOIN search_line l ON l.id = m.id
  WHERE l.case_id IN (SELECT value FROM json_each(?)) ${versionFilter}
  GROUP BY l.document_id, l.version_id`;

interface CountRow {
  document_id: string;
  version_id: string;
  n: number;
}

function groupByVersion(lines: readonly IndexedLine[]): IndexedLine[][] {
  const groups = new Map<string, IndexedLine[]>();
  for (const line of lines) {
    const key = JSON.stringify([line.caseId, line.documentId, line.versionId]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [line]);
    else group.push(line);
  }
  return [...groups.values()];
}

/** A word as stored: `[text, x, y, width, height]` (and `1` when covered), about half the JSON of `{text, box}` to parse per hit. */
type StoredWord = [string, number, number, number, number] | [string, number, number, number, number, 1];
const toStoredWord = ({ text, box, covered }: IndexedWord): StoredWord =>
  covered === true ? [text, box.x, box.y, box.width, box.height, 1] : [text, box.x, box.y, box.width, box.height];
const fromStoredWord = ([text, x, y, width, height, covered]: StoredWord): IndexedWord =>
  covered === 1 ? { text, box: { x, y, width, height }, covered: true } : { text, box: { x, y, width, height } };

function toHit(row: LineRow): LineHit {
  return {
    line: {
      caseId: row.case_id,
      documentId: row.document_id,
      versionId: row.version_id,
      pageIndex: row.page_index,
      lineIndex: row.line_index,
      text: row.text,
      pageWidth: row.page_width,
      pageHeight: row.page_height,
      words: (JSON.parse(row.words) as StoredWord[]).map(fromStoredWord),
    },
    // bm25() is lower-is-better (negative); the port's score is higher-is-better.
    score: -row.rank,
  };
}
