import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EVENT_STORE, type EventStore, foldAfter } from '@continuum/event-store';
import { AccessDenied, type Actor, BreakTheGlass, CLOCK, type Clock, activeGrant, assertSiteAccess } from '@continuum/platform';
import {
  type CareTeam,
  type IntakeClient,
  clientStream,
  consentStatus,
  evolve,
  initialState,
  isOnSafetyHold,
  recommendPlacement,
  restrictionList,
  type IntakeConfig,
  type Instrument,
  type Reader,
  type RecordViewDecision,
  duplicatesVisibleTo,
  recordViewFor,
  screeningTrend,
} from '../domain/index.js';
import { CareTeams } from './care-teams.js';
import { ClientIndex } from './client-index.js';
import { FoldedClients } from './folded-clients.js';
import { ClientNotFound, INTAKE_CONFIG } from './intake.commands.js';

// One client's own record, folded from its stream. (Lists and searches come from
// projections, never from the event store: docs/architecture/read-side.md#read-models-are-disposable.)
// Read your writes without folding the whole stream on every read: the client starts from the
// state this process last folded it to (FoldedClients) and folds the events the stream holds
// after that revision, so a read always sees every event appended before it, whichever process
// appended it.

@Injectable()
export class IntakeQueries {
  constructor(
    private readonly folded: FoldedClients,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
    private readonly careTeams: CareTeams,
    private readonly index: ClientIndex,
    private readonly breakTheGlass: BreakTheGlass,
  ) {}

  async client(clientId: string, actor: Actor): Promise<IntakeClient> {
    const state = await this.current(clientId);
    if (!state.registration) throw new ClientNotFound(clientId);
    assertSiteAccess(actor, state.registration.siteId);
    return state;
  }

  /** The client as of every event appended so far: as this process last folded it, and the stream's events after it. */
  private async current(clientId: string): Promise<IntakeClient> {
    const { state, revision } = await foldAfter(this.store, clientStream(clientId), evolve, initialState, this.folded.get(clientId));
    if (revision !== undefined && state.registration) this.folded.keep(clientId, { revision, state });
    return state;
  }

  /**
   * The client's record as `actor` may read it (domain/record-views.ts): identity and scheduling,
   * or the clinical detail too. A reader the policy gives no view is refused (403).
   */
  async readable(
    clientId: string,
    actor: Actor,
  ): Promise<{ state: IntakeClient; decision: RecordViewDecision; reader: Actor; careTeam?: CareTeam }> {
    const state = await this.client(clientId, actor);
    const siteId = state.registration!.siteId;
    const admitted = assertSiteAccess(actor, siteId);
    const inEpisode = state.status === 'admitted';
    const careTeam = inEpisode ? await this.careTeams.of(clientId) : undefined;
    // A grant matters only in an episode (before one, the site's clinical staff read it anyway);
    // it covers this user, this client and the client's site, until it expires.
    const grant = inEpisode
      ? activeGrant(await this.breakTheGlass.grantsAt(siteId), { userId: admitted.userId, clientId, siteId }, this.clock.now())
      : undefined;
    const decision = recordViewFor(readerAt(admitted, siteId), {
      inEpisode,
      ...(careTeam ? { careTeam } : {}),
      readerHoldsGrant: grant !== undefined,
    });
    if (!decision) throw new AccessDenied(`Your roles read no client records at site ${siteId}.`);
    return { state, decision, reader: admitted, ...(careTeam ? { careTeam } : {}) };
  }

  /** A clinical read (a trend, a recommendation): refused (403) to a reader whose view is identity and scheduling. */
  async clinical(clientId: string, actor: Actor): Promise<IntakeClient> {
    const { state, decision, careTeam } = await this.readable(clientId, actor);
    if (decision.view === 'clinical') return state;
    const siteId = state.registration!.siteId;
    if (decision.reason === 'not-on-care-team') {
      // Off the team and holding no grant: the platform's refusal says how to break the glass.
      await this.breakTheGlass.assertClinicalRead(actor, {
        clientId,
        siteId,
        careTeam: careTeam?.members.map((member) => member.userId) ?? [],
      });
      // A grant recorded since the view was decided: the view stays the one decided.
      throw new AccessDenied(`Client ${clientId} is in an episode of care and you are not on its care team: read its record again.`);
    }
    throw new AccessDenied(
      `This is clinical detail; your role at site ${siteId} reads the client's identity and scheduling (GET /api/v1/clients/${clientId}).`,
    );
  }

  async summary(clientId: string, actor: Actor) {
    const { state, decision, reader } = await this.readable(clientId, actor);
    const now = this.clock.now();
    const registration = state.registration!;
    const duplicates = await this.index.sitesOf(registration.possibleDuplicateOf);
    const { shown, possibleMatchInNetwork } = duplicatesVisibleTo(
      { ...readerAt(reader, registration.siteId), rolesBySite: reader.sites },
      duplicates,
    );
    const identity = {
      view: decision.view,
      clientId,
      status: state.status,
      siteId: registration.siteId,
      person: registration.person,
      possibleDuplicateOf: shown,
      possibleMatchInNetwork,
      ...(state.referral ? { referral: state.referral } : {}),
      consents: state.consents.map((consent) => ({
        ...consent.form,
        grantedAt: consent.recordedAt,
        ...(consent.revocation === undefined ? {} : { revocation: consent.revocation }),
        ...(consent.legacyForm ? { legacyForm: true } : {}),
        status: consentStatus(consent, now),
      })),
      restrictions: restrictionList(state.restrictions),
      ...(state.placement ? { placedLevel: state.placement.level } : {}),
      admissions: state.admissions,
    };
    if (decision.view === 'identity') return identity;
    return {
      ...identity,
      screenings: state.screenings,
      isOnSafetyHold: isOnSafetyHold(state),
      ...(state.safetyHold ? { safetyHold: state.safetyHold } : {}),
      safetyFollowUps: state.safetyFollowUps.map(({ completion, ...followUp }) => ({
        ...followUp,
        status: completion ? 'done' : 'open',
        ...(completion ? { outcome: completion.outcome, completedAt: completion.completedAt } : {}),
      })),
      coOccurringConditions: state.conditionsIdentified,
      ...(state.assessment ? { assessment: state.assessment } : {}),
      ...(state.recommendation ? { recommendation: state.recommendation } : {}),
      ...(state.placement ? { placement: state.placement } : {}),
    };
  }

  /** The client's requests for restriction (42 CFR 2.26), each requested, agreed or refused, in the order requested. */
  async restrictions(clientId: string, actor: Actor) {
    const state = await this.client(clientId, actor);
    return { clientId, restrictions: restrictionList(state.restrictions) };
  }

  /** The client's dated scores and bands of one instrument in the episode, with response and remission (domain/measurement.ts). */
  async screeningTrend(clientId: string, instrument: Instrument, actor: Actor) {
    const state = await this.clinical(clientId, actor);
    return { clientId, ...screeningTrend(state.screenings, instrument, this.config.measurement) };
  }

  /** The recommendation recorded with the assessment; recomputed only if an older stream lacks it. */
  async placementRecommendation(clientId: string, actor: Actor) {
    const state = await this.clinical(clientId, actor);
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

/**
 * The reader as the view policy sees them at the client's site: the roles held there, and the
 * auditor's network role only when the route admitted them as the auditor (a clinician who is
 * also an auditor reads at their own site as the clinician).
 */
export function readerAt(actor: Actor, siteId: string): Reader {
  return {
    userId: actor.userId,
    networkRoles: actor.role === 'auditor' ? ['auditor'] : actor.roles.filter((role) => role !== 'auditor'),
    rolesAtSite: Object.hasOwn(actor.sites, siteId) ? [...(actor.sites[siteId] ?? [])] : [],
  };
}
