import { type Model } from 'mongoose';
import {
  checkFindQuery,
  checkVersion,
  checkWhere,
  decodeCursor,
  encodeCursor,
  sortWithTieBreaker,
  uniqueViolation,
  valueAt,
} from '@continuum/read-store/adapter-rules';
import { type DocumentCollection, type FindQuery, type Page, type ReadModelDefinition, type Stored } from '@continuum/read-store';
import { LIVE, afterFilter, allOf, sortSpec, whereFilters } from './mongo-filter.js';

/**
 * How a read-model document is kept in MongoDB: the caller's JSON under `document`, beside
 * the id and version, rather than flattened into the top level. Then no field of a read
 * model can collide with `_id`, `version` or `deleted`, and every index and filter is
 * simply `document.<path>`. A tombstone keeps `version` and `deleted: true`, no document.
 */
export type StoredRecord = { _id: string; version: number; document?: unknown; deleted?: boolean };

const DUPLICATE_KEY = 11000;
const ALL_PAGE_SIZE = 500;

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown }).code === DUPLICATE_KEY;
}

export class MongooseDocumentCollection<T> implements DocumentCollection<T> {
  constructor(
    private readonly model: Model<StoredRecord>,
    private readonly definition: ReadModelDefinition,
  ) {}

  async get(id: string): Promise<Stored<T> | undefined> {
    const record = await this.model
      .findOne(allOf([{ _id: id }, LIVE]))
      .lean<StoredRecord>()
      .exec();
    return record ? toStored<T>(record) : undefined;
  }

  async upsert(id: string, document: T, version: number): Promise<boolean> {
    checkVersion(this.definition.name, version);
    const update = { $set: { version, document }, $unset: { deleted: '' } };
    // The filter carries the version guard; with upsert, "no match" means either "absent"
    // (insert) or "stored is the same or newer" — and then the insert hits the _id index.
    // A duplicate key is therefore the ordinary refusal, told apart from a unique index of
    // the read model by reading the stored version, without parsing server messages.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const result = await this.model.updateOne({ _id: id, version: { $lt: version } }, update, { upsert: true }).exec();
        return result.matchedCount > 0 || result.upsertedCount > 0;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const stored = await this.model.findById(id, { version: 1 }).lean<StoredRecord>().exec();
        if (stored === null) throw uniqueViolation(this.definition, id);
        if (stored.version >= version) return false;
        // Stored older: a writer inserted between our match and our insert, so try once more;
        // a second duplicate on a document we may overwrite is a unique index refusing it.
      }
    }
    throw uniqueViolation(this.definition, id);
  }

  async delete(id: string, version: number): Promise<boolean> {
    checkVersion(this.definition.name, version);
    const tombstone = { $set: { version, deleted: true }, $unset: { document: '' } };
    const removed = await this.model.updateOne(allOf([{ _id: id, version: { $lt: version } }, LIVE]), tombstone).exec();
    if (removed.matchedCount > 0) return true;
    // Absent, already a tombstone, or newer: record the version anyway so that an older
    // upsert replayed later stays refused, exactly as if the document had existed.
    try {
      await this.model.updateOne({ _id: id, version: { $lt: version } }, tombstone, { upsert: true }).exec();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return false;
  }

  async find(query: FindQuery): Promise<Page<T>> {
    checkFindQuery(this.definition, query);
    const { fields, idDirection } = sortWithTieBreaker(query);
    const filters = [LIVE, ...whereFilters(query.where)];
    if (query.after !== undefined)
      filters.push(afterFilter(fields, idDirection, decodeCursor(this.definition.name, { ...query, after: query.after })));
    const records = await this.model
      .find(allOf(filters))
      .sort(sortSpec(fields, idDirection))
      .limit(query.limit + 1)
      .lean<StoredRecord[]>()
      .exec();
    const items = records.slice(0, query.limit).map((record) => toStored<T>(record));
    const page: Page<T> = { items };
    if (records.length > query.limit) {
      const last = items[items.length - 1];
      page.nextCursor = encodeCursor(query, { values: fields.map(({ field }) => valueAt(last.document, field)), id: last.id });
    }
    return page;
  }

  async count(where?: FindQuery['where']): Promise<number> {
    checkWhere(this.definition, where);
    return this.model.countDocuments(allOf([LIVE, ...whereFilters(where)])).exec();
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

function toStored<T>(record: StoredRecord): Stored<T> {
  return { id: record._id, version: record.version, document: record.document as T };
}
