import { type Topic } from './integration-event.js';
import { type ObjectSchema, type OneOfSchema } from './schema.js';

/**
 * One version of one integration event: what a consumer may rely on. A producing service
 * lists its contracts in its own file (`intake-events.ts`, …) and `registry.ts` gathers them.
 * A change a consumer could trip over is a new `schemaVersion`, published beside the old one
 * until every consumer reads the new one.
 */
export type EventContract<Type extends string = string> = {
  type: Type;
  schemaVersion: number;
  /** The producing service; the only one allowed to publish it. */
  source: string;
  topic: Topic;
  /** What it tells a consumer, in the domain's words. */
  description: string;
  schema: ObjectSchema | OneOfSchema;
};
