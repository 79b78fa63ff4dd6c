import { type Projection, foldInto } from '@continuum/read-store';
import {
  PROVIDER_STREAM_PREFIX,
  type ProviderRegistered,
  REFERRAL_STREAM_PREFIX,
  type ReferralEvent,
  evolveReferral,
  initialReferralState,
  isOpened,
} from '../domain/index.js';
import { PROVIDER_LIST, type ProviderListItem } from './provider-list.js';
import { REFERRAL_LIST, type ReferralListItem, listItemOf } from './referral-list.js';

export const referralListProjection: Projection = {
  name: 'dual-diagnosis-referrals',
  version: 1,
  readModels: [REFERRAL_LIST],
  filter: { streamPrefixes: [REFERRAL_STREAM_PREFIX] },
  async apply(event, context) {
    if (!event.streamId.startsWith(REFERRAL_STREAM_PREFIX)) return;
    const referralId = event.streamId.slice(REFERRAL_STREAM_PREFIX.length);
    const referrals = await context.collection<ReferralListItem>(REFERRAL_LIST);
    await foldInto(referrals, referralId, event, (current) => {
      const state = evolveReferral(current?.referral ?? initialReferralState, { type: event.type, data: event.data } as ReferralEvent);
      return isOpened(state) ? listItemOf(state) : undefined;
    });
  },
};

export const providerListProjection: Projection = {
  name: 'dual-diagnosis-providers',
  version: 1,
  readModels: [PROVIDER_LIST],
  filter: { streamPrefixes: [PROVIDER_STREAM_PREFIX], eventTypes: ['ProviderRegistered'] },
  async apply(event, context) {
    if (!event.streamId.startsWith(PROVIDER_STREAM_PREFIX) || event.type !== 'ProviderRegistered') return;
    const providers = await context.collection<ProviderListItem>(PROVIDER_LIST);
    const registered = event.data as ProviderRegistered['data'];
    await foldInto(providers, registered.providerId, event, () => ({ ...registered, specialties: [...registered.specialties] }));
  },
};

/** Every projection of the dual-diagnosis service: the runner feeds them, `projections:rebuild dual-diagnosis` rebuilds them. */
export const dualDiagnosisProjections: readonly Projection[] = [referralListProjection, providerListProjection];
