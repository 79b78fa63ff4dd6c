import { type ReadModelDefinition } from '../read-store.js';

// A rebuild writes a complete second copy of a projection's collections beside the one the
// service answers from, then switches over in one checkpoint write. Each copy is a
// generation; its collections carry the generation in their names.

export function generationName(readModel: string, generation: number): string {
  return `${readModel}__g${generation}`;
}

export function inGeneration(definition: ReadModelDefinition, generation: number): ReadModelDefinition {
  return { ...definition, name: generationName(definition.name, generation) };
}
