import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  type CommandEnvelope,
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
  type StepDecision,
  commandStep,
  runCommands,
} from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, idFromCause, idempotencyKeyOf } from '@continuum/platform';
import {
  type ClientFile,
  type DiscloseInEmergency,
  type OpenReferral,
  type Referral,
  type ReferralCommand,
  type ReferralConfig,
  type ReferralEvent,
  type ReferralState,
  type SendReferral,
  hasTreatingRelationship,
  isOpened,
  referralDecider,
  referralStream,
} from '../domain/index.js';
import { ClientFiles } from './client-files.js';
import { envelopeOf } from './command-cause.js';
import { FoldedReferrals } from './folded-referrals.js';
import { ProviderDirectory, ProviderNotFound } from './provider-directory.js';
import { ReferralLists } from './referral-lists.js';

export const REFERRAL_CONFIG = Symbol.for('continuum.dual-diagnosis.ReferralConfig');

export type ReferralOutcome = {
  /** The events this command appended, or for a retried Idempotency-Key the ones the first attempt appended. */
  events: RecordedEvent<ReferralEvent['data']>[];
  referral: Referral;
  /** True when an earlier command with the same Idempotency-Key answered. */
  replayed: boolean;
};

/** Load → decide → append for one referral's stream; the rules live in domain/decide.ts. */
@Injectable()
export class DualDiagnosisCommands {
  /** The referral's rules with the network's configuration (domain/decide.ts). */
  readonly decider: ReturnType<typeof referralDecider>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REFERRAL_CONFIG) config: ReferralConfig,
    private readonly clients: ClientFiles,
    private readonly providers: ProviderDirectory,
    private readonly lists: ReferralLists,
    private readonly folded: FoldedReferrals,
  ) {
    this.decider = referralDecider(config);
  }

  /** The referral as it stands, folded on from what this process kept of it (FoldedReferrals). */
  async load(referralId: string): Promise<ReferralState> {
    return (await this.folded.read(referralId)).state;
  }

  async assignProvider(referralId: string, providerId: string, cause: CommandCause): Promise<ReferralOutcome> {
    // Capacity is checked against the referral list, a moment behind the store: a soft limit, as a directory's capacity is.
    const [provider, openReferrals] = await Promise.all([this.providers.find(providerId), this.lists.openReferralsOf(providerId)]);
    // The referral's site is checked first (its envelope, before the command is built), so that
    // a caller from elsewhere learns nothing of the directory, not even whether it has the provider.
    return this.execute(
      referralId,
      (): ReferralCommand => {
        if (!provider) throw new ProviderNotFound(providerId);
        return { type: 'AssignProvider', data: { provider: { ...provider, openReferrals } } };
      },
      cause,
    );
  }

  /** Sends to the named provider; to an external one only under the client's consent (else the referral waits and says why). */
  async send(referralId: string, cause: CommandCause): Promise<ReferralOutcome> {
    const referral = await this.authorise(referralId, cause);
    const file = await this.clients.load(referral.clientId);
    const treating = await this.treatingRelationship(file, referral.provider?.providerId);
    return this.execute(referralId, sendReferral(referralId, file, treating, cause), cause);
  }

  /** A bona fide medical emergency (42 CFR 2.51): the referral's information to medical personnel now, recorded, never held. */
  async discloseInEmergency(
    referralId: string,
    emergency: Omit<DiscloseInEmergency['data'], 'disclosureId' | 'disclosedBy' | 'recipient'> & {
      recipient: { recipientId?: string; name: string; affiliation: string };
    },
    cause: CommandCause & { kind: 'request' },
  ): Promise<ReferralOutcome> {
    await this.authorise(referralId, cause);
    const disclosureId = idFromCause(cause, `emergency-disclosure:${referralId}`);
    const { recipient, ...rest } = emergency;
    const command: DiscloseInEmergency = {
      type: 'DiscloseInEmergency',
      data: {
        ...rest,
        disclosureId,
        // Medical personnel outside the directory are recorded by name and affiliation under an id of the disclosure's own.
        recipient: { ...recipient, recipientId: recipient.recipientId ?? `emergency-${disclosureId}` },
        disclosedBy: { userId: cause.actor.userId, role: cause.actor.role },
      },
    };
    return this.execute(referralId, command, cause);
  }

  /** Whether the provider accepted a referral of the client that still stands (42 CFR 2.11; domain/client.ts). */
  async treatingRelationship(file: ClientFile, providerId: string | undefined): Promise<boolean> {
    if (providerId === undefined) return false;
    return treatingAmong(
      (await this.linkedTo(file)).map(({ referral }) => referral),
      providerId,
    );
  }

  /** Every referral linked in the client's file, each stream read once. */
  async linkedTo(file: ClientFile): Promise<Array<{ referralId: string; referral: ReferralState }>> {
    const referralIds = [...new Set(file.links.map((link) => link.referralId))];
    return Promise.all(referralIds.map(async (referralId) => ({ referralId, referral: await this.load(referralId) })));
  }

  /** `command` may be built from the referral as read, once its envelope admitted the caller. */
  async execute(
    referralId: string,
    command: ReferralCommand | ((state: ReferralState) => ReferralCommand),
    cause: CommandCause,
  ): Promise<ReferralOutcome> {
    const {
      outcomes: [outcome],
    } = await runCommands({ store: this.store, now: this.clock.now(), steps: [this.step(referralId, command, cause)] });
    this.folded.keepLeft(referralId, outcome);
    return { events: outcome.events as ReferralOutcome['events'], referral: outcome.state as Referral, replayed: outcome.replayed };
  }

  /**
   * The same command as one step of a reaction that writes other streams too, all or nothing
   * (runCommands); `command` may depend on what the earlier steps decided. It starts from the
   * referral as this process last folded it, reading only the events after that.
   */
  step(
    referralId: string,
    command: ReferralCommand | ((state: ReferralState, before: readonly StepDecision[]) => ReferralCommand),
    cause: CommandCause,
  ) {
    const key = idempotencyKeyOf(cause);
    return commandStep({
      stream: referralStream(referralId),
      decider: this.decider,
      command,
      ...(key === undefined ? {} : { idempotencyKey: key }),
      from: this.folded.get(referralId),
      envelope: this.envelope(
        referralId,
        typeof command !== 'function' && command.type === 'OpenReferral' ? command.data : undefined,
        cause,
      ),
    });
  }

  /** A referral being opened is recorded at the site that asked for it; any other command at the referral's own site, and only once it exists. */
  private envelope(referralId: string, opening: OpenReferral['data'] | undefined, cause: CommandCause) {
    return (state: ReferralState): CommandEnvelope => {
      if (opening) return envelopeOf(cause, { clientId: opening.clientId, siteId: opening.siteId });
      if (!isOpened(state)) throw new ReferralNotFound(referralId);
      return envelopeOf(cause, { clientId: state.clientId, siteId: state.siteId });
    };
  }

  /** The referral, once the caller is known to act at its site (403 otherwise). */
  async authorise(referralId: string, cause: CommandCause): Promise<Referral> {
    const state = await this.load(referralId);
    if (!isOpened(state)) throw new ReferralNotFound(referralId);
    envelopeOf(cause, { clientId: state.clientId, siteId: state.siteId });
    return state;
  }
}

/**
 * SendReferral under the consents and events of the client's file; the disclosure id derives
 * from the cause's idempotency key, so a retry names the same disclosure. Who discloses: the
 * person who asked, or the service when it reacts to another service's event.
 */
/** Whether, among the client's referrals as read, the provider has a treating relationship (domain hasTreatingRelationship). */
export function treatingAmong(referrals: readonly ReferralState[], providerId: string | undefined): boolean {
  return providerId !== undefined && hasTreatingRelationship(referrals.filter(isOpened), providerId);
}

export function sendReferral(referralId: string, file: ClientFile, treatingRelationship: boolean, cause: CommandCause): SendReferral {
  return {
    type: 'SendReferral',
    data: {
      consents: file.consents,
      restrictions: file.restrictions ?? [],
      events: file.events ?? [],
      treatingRelationship,
      ...(cause.kind === 'request' ? { disclosedBy: { userId: cause.actor.userId, role: cause.actor.role } } : {}),
      disclosureId: idFromCause(cause, `disclosure:${referralId}`),
    },
  };
}

export class ReferralNotFound extends NotFoundException {
  constructor(referralId: string) {
    super(`There is no referral ${referralId}. Check the id; the site's lists are at GET /api/v1/sites/{siteId}/referrals.`);
  }
}

/** What a command response lists of the events it appended: ids and types, for the caller's records. */
export function eventsOf(outcome: ReferralOutcome) {
  return outcome.events.map((event) => ({ eventId: event.eventId, type: event.type, revision: event.revision }));
}
