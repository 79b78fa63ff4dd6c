import { Injectable } from '@nestjs/common';
import { type FoldedAt, KeptFolds } from '@continuum/event-store';
import { type IntakeClient } from '../domain/index.js';

// The clients this process last folded, shared by its reads (IntakeQueries) and its commands
// (IntakeCommands): each starts from the state the other left and reads only the events after
// it, so a record read or changed again is not folded from its first event.

/** The clients whose folded state a process keeps, the least recently used dropped first. */
export const CLIENTS_KEPT = 500;

@Injectable()
export class FoldedClients extends KeptFolds<FoldedAt<IntakeClient>> {
  constructor() {
    super(CLIENTS_KEPT);
  }
}
