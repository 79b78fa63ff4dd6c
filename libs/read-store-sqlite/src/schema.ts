import type Database from 'better-sqlite3';
import { type ReadModelDefinition } from '@continuum/read-store';
import { fieldExpression, quoteName } from './find-sql.js';

// One table per read model: the id, the version that guards writers, and the document as
// JSON text. `document` is NULL for a tombstone: a deleted document's version stays, so a
// replayed older event cannot bring it back.
//
// Each declared index becomes a real expression index on json_extract of its fields; the
// queries in find-sql.ts repeat those expressions so the planner uses them. A non-unique one
// ends with the id, so a page sorted by (field, id) is read straight off the index, cursor and all.
//
// An ordinary rowid table, not WITHOUT ROWID: documents are often a few kilobytes (a client's
// folded intake record is about 5 KB), and a WITHOUT ROWID table keeps each whole row in its
// key's B-tree, so every write of a large document landed on a random page with its overflow;
// rows in rowid order, found by the small index on `id`, cost about a third of that per write
// (bench:projections). Tables created WITHOUT ROWID by earlier versions keep working as they are:
// every statement here reads them alike, and their indexes already end with the id.

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
      )`,
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
        `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quoteName(name)} ON ${quoteName(table)} (${[...fields.map(fieldExpression), ...(unique ? [] : ['id'])].join(', ')})`,
      );
    }
  }).immediate();
}
