import { type Decider, RuleBroken } from '@continuum/decider';
import { type Specialty } from './config.js';
import { type ProviderKind } from './events.js';

// The provider directory: the mental-health providers a site refers to, stream
// `dual-diagnosis-provider-<providerId>`. Internal providers belong to the programme (no
// Part 2 disclosure); external ones receive a referral only under the client's consent.
// A provider is an organisation or a clinician in their professional role, not a client:
// its name may be shown to staff, and is still never published.

export type ProviderDetails = {
  providerId: string;
  siteId: string;
  name: string;
  kind: ProviderKind;
  specialties: Specialty[];
  /** Open referrals (sent, accepted, scheduled) the provider agreed to take at once. */
  capacity: number;
};

export type ProviderRegistered = { type: 'ProviderRegistered'; data: ProviderDetails & { registeredAt: string } };
export type ProviderEvent = ProviderRegistered;
export type RegisterProvider = { type: 'RegisterProvider'; data: ProviderDetails };

export type ProviderState = { status: 'none' } | ({ status: 'registered' } & ProviderDetails);

export const PROVIDER_STREAM_PREFIX = 'dual-diagnosis-provider-';
export const providerStream = (providerId: string) => `${PROVIDER_STREAM_PREFIX}${providerId}`;

const sameDetails = (a: ProviderDetails, b: ProviderDetails) =>
  a.siteId === b.siteId &&
  a.name === b.name &&
  a.kind === b.kind &&
  a.capacity === b.capacity &&
  [...a.specialties].sort().join() === [...b.specialties].sort().join();

export const providerDecider: Decider<RegisterProvider, ProviderEvent, ProviderState> = {
  initialState: { status: 'none' },
  evolve: (_state, event) => {
    const { registeredAt: _at, ...details } = event.data;
    return { status: 'registered', ...details };
  },
  decide(command, state, now) {
    if (command.data.specialties.length === 0) {
      throw new RuleBroken('A provider needs at least one specialty: list what it takes referrals for.', 'provider-without-specialty');
    }
    if (state.status === 'registered') {
      if (sameDetails(state, command.data)) return [];
      throw new RuleBroken(
        `Provider ${command.data.providerId} is already in the directory with other details. Register it under a new id.`,
        'provider-exists',
        {
          providerId: command.data.providerId,
        },
      );
    }
    return [
      {
        type: 'ProviderRegistered',
        data: { ...command.data, specialties: [...new Set(command.data.specialties)], registeredAt: now.toISOString() },
      },
    ];
  },
};
