import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StateConflictError, type ListOptions, type StateBatchWrite, type StateEntity, type StateStore, type WriteCondition } from './state-store.port.js';
import { assertStateBatch, assertStateTable, listLimit, newEtag, parseStateValue, serialiseStateValue, settle } from './state-store.support.js';

interface EntityRow {
  readonly rkey: string;
  readonly value: string;
  readonly etag: string;
  readonly updated_at: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS state_entity (
    tbl TEXT NOT NULL,
    part TEXT NOT NULL,
    rkey TEXT NOT NULL,
    value TEXT NOT NULL,
    etag TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS state_entity_key ON state_entity (tbl, part, rkey);
`;

/**
 * The default StateStore: one SQLite file (WAL) under DATA_DIR, one generic table of entities. Every
 * write is a single statement, so conditional writes are atomic, also across processes sharing the file.
 * Keys sort by code point (SQLite's BINARY collation over UTF-8).
 */
export class SqliteStateStore implements StateStore {
  private readonly statements: {
    get: Database.Statement<[string, string, string], EntityRow>;
    insertIfAbsent: Database.Statement<[string, string, string, string, string, string]>;
    replaceIfMatch: Database.Statement<[string, string, string, string, string, string, string]>;
    upsert: Database.Statement<[string, string, string, string, string, string]>;
    delete: Database.Statement<[string, string, string]>;
    deleteIfMatch: Database.Statement<[string, string, string, string]>;
    partitions: Database.Statement<[string], { part: string }>;
    deletePartition: Database.Statement<[string, string]>;
  };
  private readonly listStatements = new Map<string, Database.Statement<Record<string, string | number>, EntityRow>>();
  private closed = false;

  constructor(private readonly db: Database.Database) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    this.statements = {
      get: db.prepare('SELECT rkey, value, etag, updated_at FROM state_entity WHERE tbl = ? AND part = ? AND rkey = ?'),
      insertIfAbsent: db.prepare('INSERT INTO state_entity (tbl, part, rkey, value, etag, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tbl, part, rkey) DO NOTHING'),
      replaceIfMatch: db.prepare('UPDATE state_entity SET value = ?, etag = ?, updated_at = ? WHERE tbl = ? AND part = ? AND rkey = ? AND etag = ?'),
      upsert: db.prepare(
        'INSERT INTO state_entity (tbl, part, rkey, value, etag, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tbl, part, rkey) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at',
      ),
      delete: db.prepare('DELETE FROM state_entity WHERE tbl = ? AND part = ? AND rkey = ?'),
      deleteIfMatch: db.prepare('DELETE FROM state_entity WHERE tbl = ? AND part = ? AND rkey = ? AND etag = ?'),
      partitions: db.prepare('SELECT DISTINCT part FROM state_entity WHERE tbl = ? ORDER BY part'),
      deletePartition: db.prepare('DELETE FROM state_entity WHERE tbl = ? AND part = ?'),
    };
  }

  /** Opens (creating if needed) the SQLite file at `config.path`; `:memory:` for a private in-memory database. */
  static fromConfig(config: { readonly path: string }): SqliteStateStore {
    if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
    return new SqliteStateStore(new Database(config.path));
  }

  get<T>(table: string, partition: string, key: string): Promise<StateEntity<T> | null> {
    return settle(() => {
      assertStateTable(table);
      const row = this.statements.get.get(table, partition, key);
      return row === undefined ? null : toEntity<T>(partition, row);
    });
  }

  put<T>(table: string, partition: string, key: string, value: T, condition?: WriteCondition): Promise<StateEntity<T>> {
    return settle(() => {
      assertStateTable(table);
      const json = serialiseStateValue(value);
      const etag = newEtag();
      const updatedAt = new Date().toISOString();
      if (condition === undefined) {
        this.statements.upsert.run(table, partition, key, json, etag, updatedAt);
      } else if ('ifAbsent' in condition) {
        if (this.statements.insertIfAbsent.run(table, partition, key, json, etag, updatedAt).changes === 0) throw new StateConflictError(table, partition, key);
      } else {
        if (this.statements.replaceIfMatch.run(json, etag, updatedAt, table, partition, key, condition.ifMatch).changes === 0) throw new StateConflictError(table, partition, key);
      }
      return { partition, key, value: parseStateValue<T>(json), etag, updatedAt };
    });
  }

  putBatch<T>(table: string, partition: string, writes: readonly StateBatchWrite<T>[]): Promise<StateEntity<T>[]> {
    return settle(() => {
      assertStateTable(table);
      assertStateBatch(writes);
      const jsons = writes.map((write) => serialiseStateValue(write.value));
      const updatedAt = new Date().toISOString();
      // One IMMEDIATE transaction: a conflict rolls back every write of the batch; other connections wait (busy_timeout).
      const run = this.db.transaction(() =>
        writes.map((write, i) => {
          const etag = newEtag();
          this.writeOne(table, partition, write.key, jsons[i], etag, updatedAt, write.condition);
          return { partition, key: write.key, value: parseStateValue<T>(jsons[i]), etag, updatedAt };
        }),
      );
      return run.immediate();
    });
  }

  private writeOne(table: string, partition: string, key: string, json: string, etag: string, updatedAt: string, condition: WriteCondition | undefined): void {
    if (condition === undefined) {
      this.statements.upsert.run(table, partition, key, json, etag, updatedAt);
    } else if ('ifAbsent' in condition) {
      if (this.statements.insertIfAbsent.run(table, partition, key, json, etag, updatedAt).changes === 0) throw new StateConflictError(table, partition, key);
    } else if (this.statements.replaceIfMatch.run(json, etag, updatedAt, table, partition, key, condition.ifMatch).changes === 0) {
      throw new StateConflictError(table, partition, key);
    }
  }

  delete(table: string, partition: string, key: string, condition?: { readonly ifMatch: string }): Promise<boolean> {
    return settle(() => {
      assertStateTable(table);
      if (condition === undefined) return this.statements.delete.run(table, partition, key).changes > 0;
      if (this.statements.deleteIfMatch.run(table, partition, key, condition.ifMatch).changes === 0) throw new StateConflictError(table, partition, key);
      return true;
    });
  }

  list<T>(table: string, partition: string, options: ListOptions = {}): Promise<StateEntity<T>[]> {
    return settle(() => {
      assertStateTable(table);
      const limit = listLimit(options);
      const params: Record<string, string | number> = { tbl: table, part: partition, limit: limit ?? -1 };
      const conditions: string[] = [];
      if (options.afterKey !== undefined) {
        conditions.push('rkey > @after');
        params.after = options.afterKey;
      }
      if (options.keyPrefix !== undefined) {
        conditions.push('rkey >= @prefix AND substr(rkey, 1, length(@prefix)) = @prefix');
        params.prefix = options.keyPrefix;
      }
      const shape = conditions.join(' AND ');
      let statement = this.listStatements.get(shape);
      if (statement === undefined) {
        statement = this.db.prepare<Record<string, string | number>, EntityRow>(
          `SELECT rkey, value, etag, updated_at FROM state_entity WHERE tbl = @tbl AND part = @part${shape === '' ? '' : ` AND ${shape}`} ORDER BY rkey LIMIT @limit`,
        );
        this.listStatements.set(shape, statement);
      }
      return statement.all(params).map((row) => toEntity<T>(partition, row));
    });
  }

  partitions(table: string): Promise<string[]> {
    return settle(() => {
      assertStateTable(table);
      return this.statements.partitions.all(table).map((row) => row.part);
    });
  }

  deletePartition(table: string, partition: string): Promise<number> {
    return settle(() => {
      assertStateTable(table);
      return this.statements.deletePartition.run(table, partition).changes;
    });
  }

  readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    try {
      if (this.closed) return Promise.resolve({ sqlite: { up: false, detail: 'closed' } });
      this.db.prepare('SELECT 1').get();
      return Promise.resolve({ sqlite: { up: true } });
    } catch (error) {
      return Promise.resolve({ sqlite: { up: false, detail: error instanceof Error ? error.message : 'unknown error' } });
    }
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.db.close();
    }
    return Promise.resolve();
  }
}

function toEntity<T>(partition: string, row: EntityRow): StateEntity<T> {
  return { partition, key: row.rkey, value: parseStateValue<T>(row.value), etag: row.etag, updatedAt: row.updated_at };
}
