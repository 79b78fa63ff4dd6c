// Break-the-glass (docs/domain/roles-and-sites.md#break-the-glass): a member of a site's
// clinical staff who is not on a client's care team may still read that client's clinical
// record in an emergency, for a limited time, by stating why. The grant is an audit event in
// the service's access log streams, written before it is answered (so no read under it can
// happen without the log showing why), and the site's clinical supervisors list the grants to
// review them. Generic: each service with clinical reads wires BreakTheGlass and its controller
// and asks assertClinicalRead before answering one.
import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  type OnApplicationBootstrap,
  Optional,
  ServiceUnavailableException,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore, type NewEvent } from '@continuum/event-store';
import { ACCESS_LOG_STREAM_PREFIX, accessLogStream } from '../access-log/access-record.js';
import { AccessLog } from '../access-log/access-log.js';
import { CLOCK, type Clock, systemClock } from '../clock.js';
import { type PlatformConfig } from '../config/service-config.js';
import { currentRequestContext } from '../context/request-context.js';
import { AccessDenied } from '../errors/problem-exceptions.js';
import { SERVICE_CONFIG, SERVICE_NAME } from '../platform.module.js';
import {
  BREAK_THE_GLASS_REVIEWED,
  type BreakTheGlassReview,
  type ReviewOutcome,
  decideGrantReview,
  reviewEvent,
} from './break-the-glass-review.js';
import { type Actor, type Role } from './roles.js';
import { admittedRoleAt, assertSiteAccess } from './site-access.js';

export const BREAK_THE_GLASS_GRANTED = 'BreakTheGlassGranted';

/** Who may break the glass: the site's clinical staff, who could be on a care team. */
export const BREAK_THE_GLASS_ROLES: readonly Role[] = ['clinician', 'prescriber', 'nurse', 'case-manager'];
/** Who lists the grants to review them: the site's clinical supervisors, and auditors. */
export const BREAK_THE_GLASS_REVIEWERS: readonly Role[] = ['clinical-supervisor', 'auditor'];
/** Who records a grant's review: the site's clinical supervisors (an auditor never writes). */
export const BREAK_THE_GLASS_REVIEW_RECORDERS: readonly Role[] = ['clinical-supervisor'];

/** A grant as the review list shows it: with its review, or null while it waits for one. */
export type ListedGrant = BreakTheGlassGrant & { review: BreakTheGlassReview | null };
export type GrantReviewStatus = 'to-review' | 'reviewed' | 'all';
/**
 * Who reads a client's clinical detail without being on the care team: the site's clinical
 * supervisors (they oversee every care team there) and auditors (every read logged).
 */
export const CLINICAL_OVERSIGHT_ROLES: readonly Role[] = ['clinical-supervisor', 'auditor'];

/**
 * Whether the actor oversees the clinical records at `siteId`: holds a clinical supervisor's
 * role there, or the auditor's anywhere, and the route admits it. Whatever role admitted them
 * first (someone who is both a clinician and the site's supervisor oversees it).
 */
export function overseesClinicalRecordsAt(actor: Actor, siteId: string): boolean {
  const oversight = CLINICAL_OVERSIGHT_ROLES.filter((role) => actor.admittedRoles.includes(role));
  return oversight.length > 0 && admittedRoleAt(actor, oversight, siteId) !== undefined;
}

/** One grant, as the access log keeps it: ids, the role, the stated reason and the window. */
export type BreakTheGlassGrant = {
  grantId: string;
  clientId: string;
  /** The site whose record the grant opens: a read of the client's record at another site is not covered. */
  siteId: string;
  userId: string;
  role: string;
  /** Why the caller needs the record now, as they stated it. Kept in the store only: never on the bus or in a log line. */
  reason: string;
  service: string;
  grantedAt: string;
  expiresAt: string;
  correlationId: string;
};

/** The record a clinical read concerns, and whom its care team names (staff user ids). */
export type ClinicalRecord = { clientId: string; siteId: string; careTeam: readonly string[] };

/** The grant that covers this user's read of this client's record at this site at `at`, if any. */
export function activeGrant(
  grants: Iterable<BreakTheGlassGrant>,
  read: { userId: string; clientId: string; siteId: string },
  at: Date,
): BreakTheGlassGrant | undefined {
  const instant = at.toISOString();
  let found: BreakTheGlassGrant | undefined;
  for (const grant of grants) {
    if (grant.userId !== read.userId || grant.clientId !== read.clientId || grant.siteId !== read.siteId) continue;
    // The window is [grantedAt, expiresAt): at expiresAt the grant is over.
    if (grant.grantedAt <= instant && instant < grant.expiresAt && (!found || grant.expiresAt > found.expiresAt)) found = grant;
  }
  return found;
}

export function grantEvent(grant: BreakTheGlassGrant, causationId: string): NewEvent<BreakTheGlassGrant> {
  return {
    eventId: grant.grantId,
    type: BREAK_THE_GLASS_GRANTED,
    data: grant,
    metadata: {
      schemaVersion: 1,
      // In the envelope, so the audit's client and user histories find it like any access record.
      clientId: grant.clientId,
      siteId: grant.siteId,
      actor: { userId: grant.userId, role: grant.role },
      occurredAt: grant.grantedAt,
      correlationId: grant.correlationId,
      causationId,
    },
  };
}

@Injectable()
export class BreakTheGlass implements OnApplicationBootstrap {
  /** Every grant this process has seen in its service's access log streams, by id. */
  private readonly grants = new Map<string, BreakTheGlassGrant>();
  /** Their reviews, by grant id: the first recorded stands. */
  private readonly reviews = new Map<string, BreakTheGlassReview>();
  /** Reviews recorded by this process, one at a time, so two at once cannot both pass the check. */
  private reviewing: Promise<unknown> = Promise.resolve();
  /** The store position read up to. */
  private position = 0;
  private catchingUp: Promise<void> = Promise.resolve();
  private readonly clock: Clock;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(SERVICE_CONFIG) private readonly config: PlatformConfig,
    private readonly accessLog: AccessLog,
    @Optional() @Inject(EVENT_STORE) private readonly store?: EventStore,
    @Optional() @Inject(CLOCK) clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  get minutes(): number {
    return this.config.BREAK_THE_GLASS_MINUTES;
  }

  /**
   * The first look reads the whole store (a grant may be anywhere in it): taken as the service
   * starts, not by its first clinical read, which waited for it (about 450 ms on the 10,000-client
   * seeded store). A read arriving before it ends waits for it as before; a failed look is taken
   * again by the next read.
   */
  onApplicationBootstrap(): void {
    this.catchUp().catch(() => undefined);
  }

  /**
   * Grants `actor` (admitted at `siteId`) the client's clinical record there for the configured
   * minutes, once the grant is in the store: a store that refuses it grants nothing (503).
   */
  async grant(actor: Actor, request: { clientId: string; siteId: string; reason: string }): Promise<BreakTheGlassGrant> {
    const store = this.requireStore();
    const admitted = assertSiteAccess(actor, request.siteId);
    const grantedAt = this.clock.now();
    const context = currentRequestContext();
    const grant: BreakTheGlassGrant = {
      grantId: randomUUID(),
      clientId: request.clientId,
      siteId: request.siteId,
      userId: admitted.userId,
      role: admitted.role,
      reason: request.reason,
      service: this.service,
      grantedAt: grantedAt.toISOString(),
      expiresAt: new Date(grantedAt.getTime() + this.minutes * 60_000).toISOString(),
      correlationId: context?.correlationId ?? randomUUID(),
    };
    // The same stream as this process's access records of the day: the audit reads it as such.
    await store.appendToStream(
      accessLogStream(this.service, grantedAt, this.accessLog.processId),
      [grantEvent(grant, context?.causationId ?? grant.grantId)],
      { expectedRevision: 'any' },
    );
    this.grants.set(grant.grantId, grant);
    return grant;
  }

  /** The grants recorded by this service for clients of `siteId`, newest first, with their reviews. */
  async grantsAt(siteId: string, status: GrantReviewStatus = 'all'): Promise<ListedGrant[]> {
    await this.catchUp();
    return [...this.grants.values()]
      .filter((grant) => grant.siteId === siteId)
      .map((grant) => ({ ...grant, review: this.reviews.get(grant.grantId) ?? null }))
      .filter((grant) => status === 'all' || (status === 'reviewed') === (grant.review !== null))
      .sort((a, b) => b.grantedAt.localeCompare(a.grantedAt));
  }

  /**
   * Records a clinical supervisor's review of a grant of their site
   * (decideGrantReview: once, never of their own grant), in the access log before it is answered.
   */
  async review(actor: Actor, grantId: string, outcome: ReviewOutcome): Promise<BreakTheGlassReview> {
    const store = this.requireStore();
    const recorded = this.reviewing.then(async () => {
      await this.catchUp();
      const grant = this.grants.get(grantId);
      // Another site's grant is refused as the site's (403) before anything about it is said.
      const reviewer = grant ? assertSiteAccess(actor, grant.siteId) : actor;
      const reviewedAt = this.clock.now();
      const context = currentRequestContext();
      const decided = decideGrantReview(
        grant,
        this.reviews.get(grantId),
        reviewer,
        outcome,
        reviewedAt,
        context?.correlationId ?? randomUUID(),
      );
      if ('refused' in decided) {
        if (decided.refused === 'unknown-grant') throw new NotFoundException(decided.detail);
        if (decided.refused === 'own-grant') throw new AccessDenied(decided.detail);
        throw new ConflictException(decided.detail);
      }
      const eventId = randomUUID();
      await store.appendToStream(
        accessLogStream(this.service, reviewedAt, this.accessLog.processId),
        [reviewEvent(decided, eventId, context?.causationId ?? eventId)],
        { expectedRevision: 'any' },
      );
      // Read back rather than set: another process may have recorded one between our look and
      // our append, and every process must show the same review, the first in the store.
      await this.catchUp();
      return decided;
    });
    this.reviewing = recorded.catch(() => undefined);
    return recorded;
  }

  /**
   * For a read of a client's clinical detail: throws a 403 problem unless the actor, admitted at
   * the record's site, is on its care team, oversees it (a clinical supervisor at the site, an
   * auditor), or holds an unexpired grant for it. Returns the actor under the role that admits
   * them there, like assertSiteAccess.
   */
  async assertClinicalRead(actor: Actor, record: ClinicalRecord): Promise<Actor> {
    const admitted = assertSiteAccess(actor, record.siteId);
    if (overseesClinicalRecordsAt(actor, record.siteId)) return admitted;
    if (record.careTeam.includes(actor.userId)) return admitted;
    if (this.store) {
      await this.catchUp();
      if (activeGrant(this.grants.values(), { userId: actor.userId, ...record }, this.clock.now())) return admitted;
    }
    throw new AccessDenied(
      BREAK_THE_GLASS_ROLES.includes(admitted.role)
        ? `This is clinical detail of a client whose care team you are not on. Ask the site's clinical supervisor to add you to the team or, in an emergency, break the glass: POST /api/v1/clients/${record.clientId}/break-the-glass with siteId and your reason (access for ${this.minutes} minutes, recorded and reviewed).`
        : `This is clinical detail: it is for the client's care team and the site's clinical supervisors; your role (${admitted.role}) sees the identity and scheduling views only.`,
    );
  }

  /** Reads the grants appended since the last look, by this or any other process of the service. */
  private catchUp(): Promise<void> {
    const store = this.store;
    if (!store) return Promise.resolve();
    // A failed look (the store busy) fails the reads waiting on it; the next look starts afresh.
    this.catchingUp = this.catchingUp
      .catch(() => undefined)
      .then(async () => {
        // Read up to the head as it is now, and remember the head, not the last grant seen:
        // with no grant since, the next look would otherwise scan every later event again
        // (the whole store, on each clinical read, while nobody ever broke the glass).
        const head = await store.headPosition();
        const events = store.readAll({
          after: this.position,
          filter: {
            streamPrefixes: [`${ACCESS_LOG_STREAM_PREFIX}${this.service}-`],
            eventTypes: [BREAK_THE_GLASS_GRANTED, BREAK_THE_GLASS_REVIEWED],
          },
        });
        for await (const event of events) {
          if (event.type === BREAK_THE_GLASS_GRANTED) {
            const grant = event.data as BreakTheGlassGrant;
            this.grants.set(grant.grantId, grant);
          } else {
            const review = event.data as BreakTheGlassReview;
            // Two processes may each have recorded one in the same instant: the first in the store stands.
            if (!this.reviews.has(review.grantId)) this.reviews.set(review.grantId, review);
          }
          this.position = Math.max(this.position, event.position);
        }
        this.position = Math.max(this.position, head);
      });
    return this.catchingUp;
  }

  private requireStore(): EventStore {
    if (!this.store) {
      throw new ServiceUnavailableException('this service keeps no event store, so it cannot record a break-the-glass grant');
    }
    return this.store;
  }
}
