import { Injectable } from '@nestjs/common';
import { type FoldedAt, KeptFolds } from '@continuum/event-store';
import { type Plan } from '../domain/index.js';

// The plans this process last folded, shared by its reads (PlanQueries) and its commands
// (TreatmentPlanCommands): each starts from the state the other left and reads only the events
// after it, so a plan read or changed again is not folded from its first event.

/** The plans whose folded state a process keeps, the least recently used dropped first. */
export const PLANS_KEPT = 500;

@Injectable()
export class FoldedPlans extends KeptFolds<FoldedAt<Plan>> {
  constructor() {
    super(PLANS_KEPT);
  }
}
