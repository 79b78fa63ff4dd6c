import { deciderSpec } from '@continuum/testing';
import { MAX_SITE_CAPACITY, type RecordSiteCapacity, siteCapacityDecider } from './site-capacity.js';

// docs/domain/work-queues.md#site-capacity
const spec = deciderSpec(siteCapacityDecider());
const NOW = new Date('2026-01-12T09:00:00.000Z');
const record = (levels: unknown, recordedBy = 'network-admin-1'): RecordSiteCapacity => ({
  type: 'RecordSiteCapacity',
  data: { siteId: 'site-north', levels, recordedBy },
});
const recorded = (levels: Record<string, number>) => ({
  type: 'SiteCapacityRecorded' as const,
  data: { siteId: 'site-north', levels, recordedBy: 'network-admin-1', recordedAt: NOW.toISOString() },
});

describe("recording a site's capacity", () => {
  it('records the places per level, whole, from 0 to the maximum', () =>
    spec
      .given()
      .when(record({ '3-3.5': 24, '3-2.1': 0, '4-2.1': MAX_SITE_CAPACITY }), NOW)
      .then(recorded({ '3-2.1': 0, '3-3.5': 24, '4-2.1': MAX_SITE_CAPACITY })));

  it('states the capacity whole: a later record replaces the earlier one, a level left out has none', () =>
    spec
      .given(recorded({ '3-2.1': 40, '3-3.5': 24 }))
      .when(record({ '3-2.1': 36 }), NOW)
      .then(recorded({ '3-2.1': 36 })));

  it('changes nothing when the same capacity is stated again', () =>
    spec
      .given(recorded({ '3-2.1': 40, '3-3.5': 24 }))
      .when(record({ '3-3.5': 24, '3-2.1': 40 }), NOW)
      .thenNothingHappens());

  it('records an empty statement as no capacity at any level', () =>
    spec
      .given(recorded({ '3-2.1': 40 }))
      .when(record({}), NOW)
      .then(recorded({})));

  it.each([
    ['a negative number', -1],
    ['a fraction', 2.5],
    ['one above the maximum', MAX_SITE_CAPACITY + 1],
    ['a number as text', '12'],
    ['nothing', null],
  ])('refuses %s of places, naming the level', (_what, places) =>
    spec
      .given()
      .when(record({ '3-2.1': places }), NOW)
      .thenThrows(/levels\.3-2\.1: give the places as a whole number from 0 to 10000/, 'invalid-site-capacity'),
  );

  it('refuses a level the catalogue does not hold, or not named as <edition>-<code>', () => {
    spec
      .given()
      .when(record({ '3-2.2': 10 }), NOW)
      .thenThrows(/levels\.3-2\.2: name a level of the catalogue as <edition>-<code>/, 'invalid-site-capacity');
    spec
      .given()
      .when(record({ residential: 10, '2.1': 5 }), NOW)
      .thenThrows(/levels\.residential: name a level.*levels\.2\.1: name a level/, 'invalid-site-capacity');
  });

  it('refuses levels that are not an object of places', () => {
    for (const levels of [[10], 'residential=10', null])
      spec
        .given()
        .when(record(levels), NOW)
        .thenThrows(/levels: give the places per level as/, 'invalid-site-capacity');
  });
});
