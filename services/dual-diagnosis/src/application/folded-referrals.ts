import { Inject, Injectable } from '@nestjs/common';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore, type FoldedAt, KeptFolds, type RecordedEvent } from '@continuum/event-store';
import {
  type DisclosureRecorded,
  type ReferralEvent,
  type ReferralState,
  evolveReferral,
  initialReferralState,
  isOpened,
  referralStream,
} from '../domain/index.js';

// The referrals this process last folded, shared by its reads (ReferralQueries) and its commands
// (DualDiagnosisCommands): each starts from the state the other left and reads only the events
// after it, so a referral read or changed again is not folded from its first event. A read still
// sees every event appended before it, whichever process appended it.

/** The referrals whose folded state a process keeps, the least recently used dropped first. */
export const REFERRALS_KEPT = 500;

/** A referral folded up to a revision, with the records of its disclosures (which the state names only by id). */
export type FoldedReferral = FoldedAt<ReferralState> & { disclosures: DisclosureRecorded['data'][] };

/** What a command on a referral left: the shape of a runCommands step outcome. */
type CommandLeft = { events: RecordedEvent[]; state: unknown; nextExpectedRevision: number; replayed: boolean };

@Injectable()
export class FoldedReferrals extends KeptFolds<FoldedReferral> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super(REFERRALS_KEPT);
  }

  /** The referral as it stands: folded on from what is kept, over the events the stream holds after it. */
  async read(referralId: string): Promise<FoldedReferral> {
    const from = this.get(referralId);
    const recorded = await this.store.readStream(referralStream(referralId), from ? { fromRevision: from.revision + 1 } : undefined);
    if (from && recorded.length === 0) return this.keep(referralId, from);
    const read = {
      state: fold(
        evolveReferral,
        from?.state ?? initialReferralState,
        recorded.map((event) => ({ type: event.type, data: event.data }) as ReferralEvent),
      ),
      disclosures: [...(from?.disclosures ?? []), ...disclosuresIn(recorded)],
      revision: recorded.at(-1)?.revision ?? -1,
    };
    return isOpened(read.state) ? this.keep(referralId, read) : read;
  }

  /**
   * The referral as a command left it, for the next read or command to start from. The command
   * may have folded events another process wrote after the kept revision without handing them
   * back (only its own): its state is kept only when the disclosure records kept with it are
   * still every one the state names; otherwise the older fold stays, and the next read catches up.
   */
  keepLeft(referralId: string, { events, state, nextExpectedRevision, replayed }: CommandLeft): void {
    // A replay's state is the referral as the first answer left it, not as it is now.
    const referral = state as ReferralState;
    if (replayed || events.length === 0 || !isOpened(referral)) return;
    const disclosures = [...(this.get(referralId)?.disclosures ?? []), ...disclosuresIn(events)];
    const complete =
      disclosures.length === referral.disclosureIds.length &&
      disclosures.every((disclosure, index) => disclosure.disclosureId === referral.disclosureIds[index]);
    if (complete) this.keep(referralId, { revision: nextExpectedRevision, state: referral, disclosures });
  }
}

function disclosuresIn(recorded: readonly RecordedEvent[]): DisclosureRecorded['data'][] {
  return recorded.filter((event) => event.type === 'DisclosureRecorded').map((event) => event.data as DisclosureRecorded['data']);
}
