import { Inject, Injectable } from '@nestjs/common';
import { type CopiedConsentFile, copyOfPublishedConsent } from '@continuum/consent';
import {
  type ConsentGrantedV1,
  type ConsentGrantedV2,
  type ConsentRevokedV1,
  type ContinuingCareEndedV1,
  type IntegrationEvent,
  type RestrictionAgreedV1,
} from '@continuum/contracts';
import { EVENT_STORE, type EventStore, runCommands } from '@continuum/event-store';
import { CLOCK, type Clock, causedByEvent } from '@continuum/platform';
import { ProjectionRunner, findEvery } from '@continuum/read-store';
import { planIdsInFile } from '../domain/index.js';
import { AFTERCARE_PLANS, type AftercarePlanRow } from '../projections/aftercare-plan-list.js';
import { AftercareCommands } from './aftercare.commands.js';
import { ConsentFiles } from './consent-files.js';

// Aftercare's copies of the client's Part 2 consents, revocations and restrictions (intake) and
// of the end of aftercare (its own ContinuingCareEnded, heard back from the bus); the discharge
// is noted when the plan is created (continuing-care.ts). A consent copied releases every send
// of the client's plans that waited for one: the copy and every release are one runCommands,
// decided before anything is appended, so all are recorded or none (a redelivery starts again).
// Each step's idempotency key derives from the event (causedByEvent), so nothing is done twice.

@Injectable()
export class ConsentCopies {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly files: ConsentFiles,
    private readonly plans: AftercareCommands,
    private readonly projections: ProjectionRunner,
  ) {}

  /** Copies the consent and sends what it now covers of every waiting send of the client's active plans. */
  async consentGranted(
    event: IntegrationEvent<'ConsentGranted', ConsentGrantedV1, 1> | IntegrationEvent<'ConsentGranted', ConsentGrantedV2, 2>,
  ): Promise<void> {
    const { clientId } = event.data;
    const consent = copyOfPublishedConsent(event);
    const waiting = await this.plansWithWaitingSends(clientId, await this.files.load(clientId));
    await runCommands({
      store: this.store,
      now: this.clock.now(),
      steps: [
        this.files.step(
          clientId,
          event.siteId,
          { type: 'CopyConsent', data: { clientId, consent, copiedAt: this.clock.now().toISOString(), sourceEventId: event.eventId } },
          causedByEvent(event, 'copy'),
        ),
        // Under the file as this attempt read it, the consent copied: a revocation or discharge copied since still counts.
        ...waiting.map((planId) =>
          this.plans.step(
            planId,
            (_plan, [copied]) => ({ type: 'ReleaseHeldSends', planId, data: { file: copied!.current as CopiedConsentFile } }),
            causedByEvent(event, `release:${planId}`),
          ),
        ),
      ],
    });
  }

  /** From `effectiveAt` no send relies on the consent (42 CFR 2.31(a)(6)); what went before stays lawful. */
  async consentRevoked(event: IntegrationEvent<'ConsentRevoked', ConsentRevokedV1>): Promise<void> {
    const { consentId, clientId, revokedOn, effectiveAt } = event.data;
    await this.files.execute(
      clientId,
      event.siteId,
      { type: 'CopyRevocation', data: { clientId, consentId, revokedOn, effectiveAt, sourceEventId: event.eventId } },
      causedByEvent(event, 'copy'),
    );
  }

  /** From `agreedAt` no send may break the client's agreed restriction (42 CFR 2.26); it wins over any consent. */
  async restrictionAgreed(event: IntegrationEvent<'RestrictionAgreed', RestrictionAgreedV1>): Promise<void> {
    const { clientId } = event.data;
    await this.files.execute(
      clientId,
      event.siteId,
      { type: 'CopyRestriction', data: { clientId, restriction: structuredClone(event.data), sourceEventId: event.eventId } },
      causedByEvent(event, 'copy'),
    );
  }

  /** The end of aftercare: consents that expire on it stop from then (42 CFR 2.31(a)(7)). */
  async continuingCareEnded(event: IntegrationEvent<'ContinuingCareEnded', ContinuingCareEndedV1>): Promise<void> {
    const { clientId, endedAt } = event.data;
    await this.files.execute(
      clientId,
      event.siteId,
      { type: 'NoteClientEvent', data: { clientId, event: 'end-of-aftercare', occurredAt: endedAt, sourceEventId: event.eventId } },
      causedByEvent(event, 'note'),
    );
  }

  /**
   * The client's active plans with a send waiting for consent, each plan stream read once: those
   * the file knows from their discharge, and those the plan list knows (plans created before
   * discharges were noted in the file).
   */
  private async plansWithWaitingSends(clientId: string, file: CopiedConsentFile): Promise<string[]> {
    const rows = await findEvery(await this.projections.collection<AftercarePlanRow>(AFTERCARE_PLANS), { where: { clientId }, limit: 100 });
    const planIds = [...new Set([...planIdsInFile(file), ...rows.map((row) => row.planId)])];
    const plans = await Promise.all(planIds.map(async (planId) => ({ planId, plan: await this.plans.load(planId) })));
    return plans
      .filter(({ plan }) => plan.status === 'active' && plan.outsideSends.some((send) => send.status === 'awaiting-consent'))
      .map(({ planId }) => planId);
  }
}
