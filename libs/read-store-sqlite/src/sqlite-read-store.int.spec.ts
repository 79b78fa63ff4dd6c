import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { spawnTs } from '@continuum/testing';
import { sortWithTieBreaker } from '@continuum/read-store/adapter-rules';
import { readStoreContract } from '@continuum/read-store/testing';
import { type FindQuery, type ReadModelDefinition } from '@continuum/read-store';
import { findSql } from './find-sql.js';
import { SqliteReadStore } from './sqlite-read-store.js';
import { type WriterReport } from './testing/concurrent-writer.js';

const folders: string[] = [];
function freshFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'continuum-read-store-'));
  folders.push(folder);
  return join(folder, 'nested', 'read-models.db');
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

readStoreContract('SQLite file', async () => {
  const store = await SqliteReadStore.open({ path: freshFile() });
  return { store, cleanup: () => store.close() };
});

readStoreContract('SQLite in memory', async () => {
  const store = await SqliteReadStore.open({ path: ':memory:' });
  return { store, cleanup: () => store.close() };
});

describe('SQLite read store', () => {
  describe('query plans', () => {
    // A plan that scans the whole table still returns the right documents; only these
    // tests notice that a declared index stopped being used.
    const clients: ReadModelDefinition = {
      name: 'intake_clients',
      indexes: [{ fields: ['siteId', 'status'] }, { fields: ['level.code'] }, { fields: ['phq9'] }],
    };
    let path: string;
    let store: SqliteReadStore;
    let inspector: Database.Database;
    beforeAll(async () => {
      path = freshFile();
      store = await SqliteReadStore.open({ path });
      const collection = await store.collection(clients);
      for (let n = 0; n < 200; n++)
        await collection.upsert(`c${n}`, { siteId: `site-${n % 5}`, status: 'referred', level: { code: '2.1' }, phq9: n % 28 }, 1);
      inspector = new Database(path, { readonly: true });
    });
    afterAll(async () => {
      inspector.close();
      await store.close();
    });

    function plan(query: FindQuery): string {
      const { fields, idDirection } = sortWithTieBreaker(query);
      const { sql, params } = findSql(clients.name, query, fields, idDirection);
      const rows = inspector.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
      return rows.map((row) => row.detail).join('\n');
    }

    it('answers an equality on the first field of a compound index from that index', () => {
      expect(plan({ where: { siteId: 'site-1' }, limit: 10 })).toMatch(
        /SEARCH intake_clients USING INDEX intake_clients__ix__siteId__status \(<expr>=\?\)/,
      );
    });

    it('answers an equality on both fields of a compound index from that index', () => {
      expect(plan({ where: { siteId: 'site-1', status: 'referred' }, limit: 10 })).toMatch(
        /USING INDEX intake_clients__ix__siteId__status \(<expr>=\? AND <expr>=\?\)/,
      );
    });

    it('answers a range on a nested field, sorted by it, from its index', () => {
      const detail = plan({ where: { 'level.code': { gte: '2' } }, sort: [{ field: 'level.code', direction: 'asc' }], limit: 10 });
      expect(detail).toMatch(/SEARCH intake_clients USING INDEX intake_clients__ix__level_code \(<expr>>\?\)/);
      expect(detail).not.toMatch(/TEMP B-TREE/);
    });

    it('reads a sorted page in index order instead of sorting the table', () => {
      const detail = plan({ sort: [{ field: 'level.code', direction: 'desc' }], limit: 10 });
      expect(detail).toMatch(/SCAN intake_clients USING INDEX intake_clients__ix__level_code/);
      expect(detail).not.toMatch(/TEMP B-TREE/);
    });
  });

  it('answers a query kept prepared with the values of each call, also after more query shapes than it keeps', async () => {
    const store = await SqliteReadStore.open({ path: freshFile() });
    const clients = await store.collection<{ status: string }>({ name: 'clients', indexes: [{ fields: ['status'] }] });
    for (let i = 0; i < 80; i++) await clients.upsert(`client-${i}`, { status: `status-${i}` }, 1);
    const ids = async (statuses: string[]) =>
      (await clients.find({ where: { status: { in: statuses } }, limit: 100 })).items.map((item) => item.id);

    expect(await ids(['status-1'])).toEqual(['client-1']);
    expect(await ids(['status-2'])).toEqual(['client-2']);
    // An `in` of every length from 1 to 80: 80 statements, more than are kept.
    for (let length = 1; length <= 80; length++) expect(await ids(Array.from({ length }, (_, i) => `status-${i}`))).toHaveLength(length);
    expect(await ids(['status-3'])).toEqual(['client-3']);
    expect(await clients.count({ status: 'status-4' })).toBe(1);
    expect(await clients.count({ status: 'status-5' })).toBe(1);
    await store.close();
  });

  it('creates the declared indexes and drops those the read model no longer declares', async () => {
    const path = freshFile();
    const store = await SqliteReadStore.open({ path });
    await store.collection({ name: 'intake_clients', indexes: [{ fields: ['siteId'] }, { fields: ['label'], unique: true }] });
    await store.collection({ name: 'intake_clients', indexes: [{ fields: ['siteId'] }, { fields: ['level.code'] }] });
    await store.close();

    const db = new Database(path, { readonly: true });
    const names = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'intake_clients' AND sql IS NOT NULL ORDER BY name`)
      .pluck()
      .all();
    db.close();
    expect(names).toEqual(['intake_clients__ix__level_code', 'intake_clients__ix__siteId']);
  });

  it('refuses a read model name that is not a plain identifier, before touching the file', async () => {
    const store = await SqliteReadStore.open({ path: ':memory:' });
    await expect(store.collection({ name: 'clients"; DROP TABLE x; --', indexes: [] })).rejects.toThrow(/letters, digits and underscores/);
    await expect(store.collection({ name: 'clients', indexes: [{ fields: ["level') --"] }] })).rejects.toThrow(/dot path of identifiers/);
    await store.close();
  });

  it('lets two processes write the same documents into one file, the newest version winning every time', async () => {
    const path = freshFile();
    const writerFile = fileURLToPath(new URL('./testing/concurrent-writer.ts', import.meta.url));
    const documents = 60;
    const versions = 15;
    const children = [
      ['odd', '1'],
      ['even', '2'],
    ].map(([writer, firstVersion]) =>
      spawnTs(writerFile, [path, 'intake_clients', writer, firstVersion, String(documents), String(versions)], {
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    const outputs = children.map((child) => {
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const ready = new Promise<void>((resolve) => child.stdout?.on('data', () => stdout.includes('ready\n') && resolve()));
      const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
      return { ready, exited, stdout: () => stdout, stderr: () => stderr };
    });

    await Promise.all(outputs.map((output) => output.ready));
    for (const child of children) child.stdin?.end('go\n');
    const codes = await Promise.all(outputs.map((output) => output.exited));

    expect({ codes, stderr: outputs.map((output) => output.stderr()) }).toEqual({ codes: [0, 0], stderr: ['', ''] });
    const reports = outputs.map((output) => JSON.parse(output.stdout().split('\n').filter(Boolean).at(-1) ?? '{}') as WriterReport);
    for (const report of reports) expect(report.accepted + report.refused).toBe(documents * versions);
    const store = await SqliteReadStore.open({ path });
    const collection = await store.collection<{ writer: string; version: number }>({
      name: 'intake_clients',
      indexes: [{ fields: ['writer'] }],
    });
    const newest = 2 + 2 * (versions - 1);
    for (let n = 0; n < documents; n++) {
      expect(await collection.get(`client-${n}`)).toEqual({
        id: `client-${n}`,
        version: newest,
        document: { writer: 'even', version: newest },
      });
    }
    expect(await collection.count({ writer: 'odd' })).toBe(0);
    await store.close();
  }, 60_000);
});
