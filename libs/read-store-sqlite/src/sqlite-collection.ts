import type Database from 'better-sqlite3';
import {
  checkFindQuery,
  checkVersion,
  checkWhere,
  decodeCursor,
  encodeCursor,
  sortWithTieBreaker,
  uniqueViolation,
} from '@continuum/read-store/adapter-rules';
import {
  type DocumentCollection,
  type FindQuery,
  type Page,
  type ReadModelDefinition,
  type Scalar,
  type Stored,
} from '@continuum/read-store';
import { LIVE, conjunction, findSql, quoteName, whereSql } from './find-sql.js';

type DocumentRow = { id: string; version: number; document: string } & Record<`sort_${number}`, Scalar>;

const ALL_PAGE_SIZE = 500;

/**
 * Queries' statements kept prepared, by their SQL: a list page prepared its statement at every
 * call, and SQLite parsed and planned it each time. A query's SQL depends only on its shape
 * (which fields it filters and sorts on, how many values an `in` lists), never on its values,
 * so a handful of entries covers a service; the bound only stops an unusual caller (an `in`
 * of every length) from growing it without end.
 */
const MOST_PREPARED_QUERIES = 64;

export class SqliteDocumentCollection<T> implements DocumentCollection<T> {
  private readonly table: string;
  private readonly statements: {
    get: Database.Statement;
    upsert: Database.Statement;
    delete: Database.Statement;
    tombstone: Database.Statement;
  };
  private readonly queries = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly definition: ReadModelDefinition,
    /** Told of each write committed on its own (outside SqliteReadStore.write), for the WAL's checkpoints. */
    private readonly committedAlone: () => void = () => undefined,
  ) {
    this.table = quoteName(definition.name);
    this.statements = {
      get: db.prepare(`SELECT id, version, document FROM ${this.table} WHERE id = ? AND ${LIVE}`),
      // One statement, so two processes writing the same id cannot interleave a read and a
      // write: the version test happens inside SQLite's write lock.
      upsert: db.prepare(
        `INSERT INTO ${this.table} (id, version, document) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, document = excluded.document
         WHERE excluded.version > ${this.table}.version`,
      ),
      delete: db.prepare(`UPDATE ${this.table} SET version = ?, document = NULL WHERE id = ? AND version < ? AND ${LIVE}`),
      // Deleting what is not there still records the version, so an older upsert replayed
      // afterwards stays refused, exactly as if the document had existed.
      tombstone: db.prepare(
        `INSERT INTO ${this.table} (id, version, document) VALUES (?, ?, NULL)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version WHERE excluded.version > ${this.table}.version`,
      ),
    };
  }

  async get(id: string): Promise<Stored<T> | undefined> {
    const row = this.statements.get.get(id) as DocumentRow | undefined;
    return row && toStored<T>(row);
  }

  async upsert(id: string, document: T, version: number): Promise<boolean> {
    const isApplied = this.upsertNow(id, document, version);
    this.committedAlone();
    return isApplied;
  }

  async delete(id: string, version: number): Promise<boolean> {
    const isApplied = this.deleteNow(id, version);
    this.committedAlone();
    return isApplied;
  }

  /** upsert, synchronously: for SqliteReadStore.write, inside its transaction. */
  upsertNow(id: string, document: unknown, version: number): boolean {
    checkVersion(this.definition.name, version);
    try {
      return this.statements.upsert.run(id, version, JSON.stringify(document)).changes > 0;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw uniqueViolation(this.definition, id);
      throw error;
    }
  }

  /** delete, synchronously (a savepoint when called inside SqliteReadStore.write's transaction). */
  deleteNow(id: string, version: number): boolean {
    checkVersion(this.definition.name, version);
    return this.db.transaction(() => {
      if (this.statements.delete.run(version, id, version).changes > 0) return true;
      this.statements.tombstone.run(id, version);
      return false;
    })();
  }

  async find(query: FindQuery): Promise<Page<T>> {
    checkFindQuery(this.definition, query);
    const { fields, idDirection } = sortWithTieBreaker(query);
    const position = query.after === undefined ? undefined : decodeCursor(this.definition.name, { ...query, after: query.after });
    const { sql, params } = findSql(this.definition.name, query, fields, idDirection, position);
    const rows = this.query(sql).all(...params) as DocumentRow[];
    const items = rows.slice(0, query.limit);
    const page: Page<T> = { items: items.map((row) => toStored<T>(row)) };
    if (rows.length > query.limit) {
      const last = items[items.length - 1];
      page.nextCursor = encodeCursor(query, { values: fields.map((_, index) => last[`sort_${index}`]), id: last.id });
    }
    return page;
  }

  async count(where?: FindQuery['where']): Promise<number> {
    checkWhere(this.definition, where);
    const filter = conjunction([{ sql: LIVE, params: [] }, ...whereSql(where)]);
    return this.query(`SELECT count(*) FROM ${this.table} WHERE ${filter.sql}`)
      .pluck()
      .get(...filter.params) as number;
  }

  /** The statement for `sql`, prepared once; the least recently used goes past MOST_PREPARED_QUERIES. */
  private query(sql: string): Database.Statement {
    let statement = this.queries.get(sql);
    if (statement) this.queries.delete(sql);
    else {
      statement = this.db.prepare(sql);
      if (this.queries.size >= MOST_PREPARED_QUERIES) this.queries.delete(this.queries.keys().next().value!);
    }
    this.queries.set(sql, statement);
    return statement;
  }

  async *all(): AsyncIterable<Stored<T>> {
    let after: string | undefined;
    do {
      const page = await this.find({ limit: ALL_PAGE_SIZE, after });
      yield* page.items;
      after = page.nextCursor;
    } while (after !== undefined);
  }
}

function toStored<T>(row: DocumentRow): Stored<T> {
  return { id: row.id, version: row.version, document: JSON.parse(row.document) as T };
}
