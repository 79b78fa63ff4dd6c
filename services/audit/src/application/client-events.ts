import { type AllFilter, type EventStore, type RecordedEvent } from '#continuum/event-store';
import { isAboutClient } from '../domain/stored-event.js';

// The port finds events by stream and by global position, not by client: every client's
// events are found by reading the global log up to its head and keeping those whose
// envelope names the client. A filter by stream prefix or type is applied by the store
// itself, so a narrower question reads less. Pages are read one at a time: memory holds one
// page and what the caller keeps, however large the store.

export type ScanProgress = { scanned: number; position: number; headPosition: number; elapsedMs: number };

export type ScanOptions = {
  filter?: AllFilter;
  onProgress?: (progress: ScanProgress) => void;
  /** Default 1000 ms. */
  progressEveryMs?: number;
  /** Called once the scan has reached the head (not when the caller stops early). */
  onFinished?: (progress: ScanProgress) => void;
};

export async function* clientEvents(store: EventStore, clientId: string, options: ScanOptions = {}): AsyncGenerator<RecordedEvent> {
  const headPosition = await store.headPosition();
  const started = performance.now();
  let lastProgress = started;
  let scanned = 0;
  const everyMs = options.progressEveryMs ?? 1000;
  let position = 0;
  for await (const event of store.readAll(options.filter ? { filter: options.filter } : {})) {
    if (event.position > headPosition) break;
    position = event.position;
    scanned += 1;
    if (options.onProgress && scanned % 1000 === 0) {
      const now = performance.now();
      if (now - lastProgress >= everyMs) {
        lastProgress = now;
        options.onProgress({ scanned, position: event.position, headPosition, elapsedMs: now - started });
      }
    }
    if (isAboutClient(event, clientId)) yield event;
  }
  options.onFinished?.({ scanned, position, headPosition, elapsedMs: performance.now() - started });
}
