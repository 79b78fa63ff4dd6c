import mongoose, { type Connection, type Model, Schema } from 'mongoose';
import { checkCollectionName, checkDefinition } from '@continuum/read-store/adapter-rules';
import { type DocumentCollection, type DocumentWrite, type ReadModelDefinition, type ReadStore } from '@continuum/read-store';
import { documentPath } from './mongo-filter.js';
import { MongooseDocumentCollection, type StoredRecord } from './mongoose-collection.js';

export type MongooseReadStoreOptions = {
  /** mongodb:// or mongodb+srv:// connection string; its path names the database. */
  uri: string;
  /** How long to look for a server before failing (default 10 s). */
  serverSelectionTimeoutMs?: number;
};

/**
 * The distributed read store: one MongoDB collection per read model, through mongoose. The
 * schema and its indexes are generated from the read model's definition, and syncIndexes
 * makes the server's indexes match it (dropping ones the definition no longer declares).
 * Only single-document operations are used — no transactions, no change streams — so any
 * standalone server, replica set or the stand-in in infra/mongo serves it.
 */
export class MongooseReadStore implements ReadStore {
  private readonly models = new Map<string, { signature: string; model: Model<StoredRecord> }>();

  private constructor(private readonly connection: Connection) {}

  static async open(options: MongooseReadStoreOptions): Promise<MongooseReadStore> {
    const connection = mongoose.createConnection(options.uri, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
      // A property set to undefined is absent in JSON (the SQLite adapter); stored as null it
      // would answer `ne: null` queries differently.
      ignoreUndefined: true,
      autoIndex: false,
      autoCreate: false,
    });
    try {
      await connection.asPromise();
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw new Error(
        `could not reach MongoDB at ${redacted(options.uri)}: ${(error as Error).message}. Check MONGODB_URI / READ_STORE_URL and that the server is up (locally: bash infra/mongo/mongo.sh up)`,
        { cause: error },
      );
    }
    return new MongooseReadStore(connection);
  }

  async collection<T>(definition: ReadModelDefinition): Promise<DocumentCollection<T>> {
    checkDefinition(definition);
    const signature = JSON.stringify(definition.indexes);
    let entry = this.models.get(definition.name);
    if (entry?.signature !== signature) {
      if (entry) this.connection.deleteModel(definition.name);
      const model = this.connection.model<StoredRecord>(definition.name, schemaFor(definition), definition.name);
      await model.syncIndexes();
      entry = { signature, model };
      this.models.set(definition.name, entry);
    }
    return new MongooseDocumentCollection<T>(entry.model, definition);
  }

  /** No transactions here (see above): one write after another, in order, each its own compare-and-set. */
  async write(writes: readonly DocumentWrite[]): Promise<boolean[]> {
    const applied: boolean[] = [];
    for (const write of writes) {
      applied.push(
        'isDeleted' in write
          ? await write.collection.delete(write.id, write.version)
          : await write.collection.upsert(write.id, write.document, write.version),
      );
    }
    return applied;
  }

  async drop(name: string): Promise<void> {
    checkCollectionName(name);
    if (this.models.delete(name)) this.connection.deleteModel(name);
    // Look before dropping: MongoDB answers a missing collection with code 26, which the
    // driver ignores, but the stand-in sends "ns not found" without a code. The name is also
    // checked here because the stand-in ignores listCollections' filter.
    const existing = (await this.connection.db?.listCollections({ name }, { nameOnly: true }).toArray()) ?? [];
    if (existing.some((collection) => collection.name === name)) await this.connection.dropCollection(name);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

function schemaFor(definition: ReadModelDefinition): Schema<StoredRecord> {
  const schema = new Schema<StoredRecord>(
    {
      _id: { type: String, required: true },
      version: { type: Number, required: true },
      document: { type: Schema.Types.Mixed },
      deleted: { type: Boolean },
    },
    { collection: definition.name, versionKey: false, minimize: false, strict: true, autoIndex: false, autoCreate: false },
  );
  for (const index of definition.indexes) {
    const keys: Record<string, 1> = {};
    for (const field of index.fields) keys[documentPath(field)] = 1;
    if (index.unique) {
      // Unique among documents that have the fields, close to SQLite (where NULLs never
      // clash): several clients without a consent number must not refuse each other, and
      // tombstones (no document) stay out. `sparse` rather than a partialFilterExpression:
      // both are MongoDB's, but the stand-in ignores partial filters (infra/mongo/README.md).
      schema.index(keys, { unique: true, sparse: true });
    } else {
      // The id after the fields: a page sorted by (fields, id), the cursor's order, is read
      // straight off the index in either direction.
      schema.index({ ...keys, _id: 1 });
    }
  }
  return schema;
}

/** A connection string may hold a password; never echo it. */
function redacted(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
