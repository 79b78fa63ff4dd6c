import { deciderSpec } from '@continuum/testing';
import { type ProviderDetails, providerDecider } from './provider.js';

const spec = deciderSpec(providerDecider);
const details: ProviderDetails = {
  providerId: 'riverside-trauma',
  siteId: 'site-north',
  name: 'Riverside Trauma Clinic',
  kind: 'external',
  specialties: ['trauma-therapy'],
  capacity: 5,
};
const registered = { type: 'ProviderRegistered' as const, data: { ...details, registeredAt: '2026-01-15T09:00:00.000Z' } };

describe('the provider directory', () => {
  it('registers a provider with its site, kind, specialties and capacity', () =>
    spec.given().when({ type: 'RegisterProvider', data: details }, new Date('2026-01-15T09:00:00.000Z')).then(registered));

  it('treats the same registration again as done', () =>
    spec.given(registered).when({ type: 'RegisterProvider', data: details }).thenNothingHappens());

  it('refuses other details under an id already used', () =>
    spec
      .given(registered)
      .when({ type: 'RegisterProvider', data: { ...details, capacity: 9 } })
      .thenThrows(/already in the directory/, 'provider-exists'));

  it('refuses a provider with no specialty', () =>
    spec
      .given()
      .when({ type: 'RegisterProvider', data: { ...details, specialties: [] } })
      .thenThrows(/at least one specialty/));
});
