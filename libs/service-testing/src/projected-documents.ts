// Runs a projection over events into plain maps, so a spec can say "given these events, these
// documents" in milliseconds. Only what apply functions use (get, upsert) is implemented;
// queries are the adapters' business and have their own contract suite.
import { type RecordedEvent } from '@continuum/event-store';
import { type DocumentCollection, type Projection, type ProjectionContext, type Stored } from '@continuum/read-store';

export type ProjectedDocuments = Map<string, Map<string, Stored<unknown>>>;

function collectionIn(documents: ProjectedDocuments, name: string): DocumentCollection<unknown> {
  if (!documents.has(name)) documents.set(name, new Map());
  const stored = documents.get(name)!;
  const unsupported = () => {
    throw new Error('projection specs keep documents in a map: query them through the returned map, or use SqliteReadStore for queries');
  };
  return {
    get: async (id) => structuredClone(stored.get(id)),
    upsert: async (id, document, version) => {
      const current = stored.get(id);
      if (current && current.version >= version) return false;
      // Through JSON, as both adapters store it: undefined fields vanish.
      stored.set(id, { id, version, document: JSON.parse(JSON.stringify(document)) });
      return true;
    },
    delete: unsupported,
    find: unsupported,
    count: unsupported,
    all: unsupported,
  };
}

export function inMemoryContext(documents: ProjectedDocuments = new Map()): ProjectionContext & { documents: ProjectedDocuments } {
  return {
    documents,
    collection: async <T>(definition: { name: string }) => collectionIn(documents, definition.name) as DocumentCollection<T>,
  };
}

export async function project(
  projection: Projection,
  events: readonly RecordedEvent[],
  documents: ProjectedDocuments = new Map(),
): Promise<ProjectedDocuments> {
  const context = inMemoryContext(documents);
  for (const event of events) await projection.apply(event, context);
  return documents;
}
