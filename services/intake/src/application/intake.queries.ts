import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { type Actor, CLOCK, type Clock, assertSiteAccess } from '@continuum/platform';
import {
  type IntakeClient,
  type IntakeEvent,
  clientStream,
  consentStatus,
  evolve,
  initialState,
  isOnSafetyHold,
  recommendPlacement,
  restrictionList,
  type IntakeConfig,
  type Instrument,
  screeningTrend,
} from '../domain/index.js';
import { ClientNotFound, INTAKE_CONFIG } from './intake.commands.js';

// One client's own record, folded from its stream. (Lists and searches come from
// projections, never from the event store: docs/architecture/read-side.md#read-models-are-disposable.)
@Injectable()
export class IntakeQueries {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
  ) {}

  async client(clientId: string, actor: Actor): Promise<IntakeClient> {
    const events = await this.store.readStream(clientStream(clientId));
    const state = fold(evolve, initialState, events as unknown as IntakeEvent[]);
    if (!state.registration) throw new ClientNotFound(clientId);
    assertSiteAccess(actor, state.registration.siteId);
    return state;
  }

  async summary(clientId: string, actor: Actor) {
    const state = await this.client(clientId, actor);
    const now = this.clock.now();
    return {
      clientId,
      status: state.status,
      siteId: state.registration!.siteId,
      person: state.registration!.person,
      possibleDuplicateOf: state.registration!.possibleDuplicateOf,
      referral: state.referral,
      consents: state.consents.map((consent) => ({
        ...consent.form,
        grantedAt: consent.recordedAt,
        ...(consent.revocation === undefined ? {} : { revocation: consent.revocation }),
        ...(consent.legacyForm ? { legacyForm: true } : {}),
        status: consentStatus(consent, now),
      })),
      restrictions: restrictionList(state.restrictions),
      screenings: state.screenings,
      isOnSafetyHold: isOnSafetyHold(state),
      safetyHold: state.safetyHold,
      safetyFollowUps: state.safetyFollowUps.map(({ completion, ...followUp }) => ({
        ...followUp,
        status: completion ? 'done' : 'open',
        ...(completion ? { outcome: completion.outcome, completedAt: completion.completedAt } : {}),
      })),
      coOccurringConditions: state.conditionsIdentified,
      assessment: state.assessment,
      recommendation: state.recommendation,
      placement: state.placement,
      admissions: state.admissions,
    };
  }

  /** The client's requests for restriction (42 CFR 2.26), each requested, agreed or refused, in the order requested. */
  async restrictions(clientId: string, actor: Actor) {
    const state = await this.client(clientId, actor);
    return { clientId, restrictions: restrictionList(state.restrictions) };
  }

  /** The client's dated scores and bands of one instrument in the episode, with response and remission (domain/measurement.ts). */
  async screeningTrend(clientId: string, instrument: Instrument, actor: Actor) {
    const state = await this.client(clientId, actor);
    return { clientId, ...screeningTrend(state.screenings, instrument, this.config.measurement) };
  }

  /** The recommendation recorded with the assessment; recomputed only if an older stream lacks it. */
  async placementRecommendation(clientId: string, actor: Actor) {
    const state = await this.client(clientId, actor);
    if (state.recommendation) return { clientId, ...state.recommendation };
    if (!state.assessment) {
      throw new AssessmentMissing(clientId);
    }
    const recommendation = recommendPlacement({ assessment: state.assessment, isOnSafetyHold: isOnSafetyHold(state) }, this.config);
    return { clientId, assessmentId: state.assessment.assessmentId, ...recommendation };
  }
}

export class AssessmentMissing extends NotFoundException {
  constructor(clientId: string) {
    super(
      `Client ${clientId} has no assessment yet, so there is no placement recommendation. Record the assessment with POST /api/v1/clients/${clientId}/assessments.`,
    );
  }
}
