import type Database from 'better-sqlite3';
import { type ReadModelDefinition } from '@continuum/read-store';
import { fieldExpression, quoteName } from './find-sql.js';

// One table per read model: the id, the version that guards writers, and the document as
// JSON text. WITHOUT ROWID: the id is the table's own key, so every index entry ends with the
// id, and a page sorted by (field, id) is read straight off the index, cursor and all. `document` is NULL for a tombstone: a deleted document's version stays, so a
// replayed older event cannot bring it back.
//
// Each declared index becomes a real expression index on json_extract of its fields; the
// queries in find-sql.ts repeat those expressions so the planner uses them.

/** Every index this adapter creates is named `<table>__ix__…`, so stale ones can be told apart from anyone else's. */
function indexName(table: string, fields: readonly string[], unique: boolean): string {
  return `${table}__ix__${unique ? 'unique__' : ''}${fields.map((field) => field.replaceAll('.', '_')).join('__')}`;
}

export function ensureTable(db: Database.Database, definition: ReadModelDefinition): void {
  const table = definition.name;
  db.transaction(() => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${quoteName(table)} (
        id       TEXT    PRIMARY KEY NOT NULL,
        version  INTEGER NOT NULL,
        document TEXT
      ) WITHOUT ROWID`,
    );
    const wanted = new Map(
      definition.indexes.map((index) => {
        const unique = index.unique === true;
        return [indexName(table, index.fields, unique), { fields: index.fields, unique }] as const;
      }),
    );
    const existing = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name LIKE ? ESCAPE '\\'`)
      .pluck()
      .all(table, `${table.replaceAll('_', '\\_')}\\_\\_ix\\_\\_%`) as string[];
    // A read model whose declaration lost an index (or changed its uniqueness) drops the old
    // one, as mongoose's syncIndexes does: otherwise a stale unique index would keep refusing writes.
    for (const name of existing) if (!wanted.has(name)) db.exec(`DROP INDEX IF EXISTS ${quoteName(name)}`);
    for (const [name, { fields, unique }] of wanted) {
      db.exec(
        `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quoteName(name)} ON ${quoteName(table)} (${fields.map(fieldExpression).join(', ')})`,
      );
    }
  }).immediate();
}
