import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  type ClientAdmittedV1,
  type ConsentGrantedV1,
  type ConsentGrantedV2,
  type ConsentRevokedV1,
  type IntegrationEvent,
  type RestrictionAgreedV1,
  type SafetyHoldPlacedV1,
  type SafetyHoldReleasedV1,
  type ScreeningWorsenedV1,
  TOPICS,
} from '@continuum/contracts';
import { CareEpisodes } from '../application/care-episodes.js';
import { EpisodeLedger } from '../application/episode-ledger.js';
import { OutsideSends } from '../application/outside-sends.js';
import { WorsenedScreenings } from '../application/worsened-screenings.js';
import { contractProblems, refuseUnlessMet } from './contract.js';
import { SCREENING_WORSENED, screeningWorsenedProblems } from './screening-worsened.js';

/** Intake's events treatment-plan acts on; the others on the topic are not its business. */
const INTAKE_EVENTS_READ = new Set([
  'ClientAdmitted',
  'SafetyHoldPlaced',
  'SafetyHoldReleased',
  SCREENING_WORSENED,
  'ConsentGranted',
  'ConsentRevoked',
  'RestrictionAgreed',
]);

// Intake's admission decision opens the care episode and drafts the plan; its safety holds are
// noted on the client's ledger, which gates level changes while one lasts
// (docs/domain/levels-of-care.md#the-safety-level); a screening that worsened during treatment
// recommends a review on the client's open plan; its consents, revocations and agreed
// restrictions are copied into the client's consent file, which the disclosure gateway reads
// for the outside sends (domain/consent-copies.ts), and a consent sends what waited for one. The inbox skips a redelivery it has seen;
// one it has not (a crash before the inbox recorded it) finds every step already done, because
// the episode id and the idempotency keys derive from the event.
@Controller()
export class IntakeEventsConsumer {
  constructor(
    private readonly episodes: CareEpisodes,
    private readonly ledger: EpisodeLedger,
    private readonly worsenedScreenings: WorsenedScreenings,
    private readonly outsideSends: OutsideSends,
  ) {}

  @EventPattern<Record<string, IntegrationEvent>>(TOPICS.intake)
  async handle(@Payload() event: IntegrationEvent): Promise<void> {
    // Checked before the type filter, so that the filter never lets a broken event pass as handled;
    // one that breaks its contract is parked on the dead-letter topic at once, with its problems.
    refuseUnlessMet(event, event.type === SCREENING_WORSENED ? screeningWorsenedProblems(event) : contractProblems(event));
    if (!INTAKE_EVENTS_READ.has(event.type)) return;
    switch (event.type) {
      case 'ClientAdmitted':
        await this.episodes.admit(event as IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>);
        return;
      case 'SafetyHoldPlaced':
        await this.ledger.noteSafetyHold(event as IntegrationEvent<'SafetyHoldPlaced', SafetyHoldPlacedV1>);
        return;
      case 'SafetyHoldReleased':
        await this.ledger.liftSafetyHold(event as IntegrationEvent<'SafetyHoldReleased', SafetyHoldReleasedV1>);
        return;
      case SCREENING_WORSENED:
        await this.worsenedScreenings.recommendReview(event as IntegrationEvent<'ScreeningWorsened', ScreeningWorsenedV1>);
        return;
      case 'ConsentGranted':
        await this.outsideSends.consentGranted(
          event as IntegrationEvent<'ConsentGranted', ConsentGrantedV1, 1> | IntegrationEvent<'ConsentGranted', ConsentGrantedV2, 2>,
        );
        return;
      case 'ConsentRevoked':
        await this.outsideSends.consentRevoked(event as IntegrationEvent<'ConsentRevoked', ConsentRevokedV1>);
        return;
      case 'RestrictionAgreed':
        await this.outsideSends.restrictionAgreed(event as IntegrationEvent<'RestrictionAgreed', RestrictionAgreedV1>);
        return;
    }
  }
}
