import { type ConsentCopyV2, type ConsentFile, SHORT_DISCLOSURE_NOTICE } from '@continuum/consent';
import { deciderSpec } from '@continuum/testing';
import { aftercareDecider } from './decide.js';
import { DEFAULT_AFTERCARE_DISCLOSURES } from './outside-sends.js';
import { aftercareRules } from './rules.js';
import {
  CASE_MANAGER,
  CLIENT_ID,
  consentNaming,
  releaseHeldSends,
  restrictionOn,
  DISCHARGE_DATE,
  type HistoryStep,
  PLAN_ID,
  SITE_ID,
  arrangeResidence,
  createPlan,
  endContinuingCare,
  historyOf,
  linkPeerSupport,
  onDay,
  planAfter,
  sendContext,
  setStepDown,
} from './testing/aftercare-fixtures.js';

// Aftercare's sends to outside recipients through the one consent rule (docs/domain/aftercare.md#what-aftercare-discloses).

const spec = deciderSpec(aftercareDecider());
const given = (...steps: HistoryStep[]) => spec.given(...historyOf(steps));
const NOW = onDay(0);
const PROVIDER = 'provider-riverside-op';
const RESIDENCE = 'residence-oak-house';
const GROUP = 'group-tuesday-aa';

const fileWith = (...consents: ConsentCopyV2[]): Partial<ConsentFile> => ({ consents });
const restriction = restrictionOn;
const release = releaseHeldSends;

describe('a step-down sent to its provider', () => {
  it('is held awaiting consent when the client has none, with the main reason and its section', () =>
    given(createPlan())
      .when(setStepDown(), NOW)
      .thenMatches(
        { type: 'StepDownLevelSet', data: { stepDown: { providerId: PROVIDER } } },
        {
          type: 'SendAwaitingConsent',
          data: {
            planId: PLAN_ID,
            clientId: CLIENT_ID,
            sendId: 'send-1',
            kind: 'step-down',
            carrierId: PLAN_ID,
            recipient: { recipientId: PROVIDER, kind: 'provider' },
            purpose: 'TREAT',
            categories: ['demographics', 'diagnosis', 'level-of-care', 'discharge-summary'],
            reasonCode: 'no-consent',
            citation: '42 CFR 2.33(a)',
            since: NOW.toISOString(),
          },
        },
      ));

  it('goes out with its DisclosureRecorded in the same append under a consent naming the provider', () =>
    given(createPlan())
      .when(setStepDown({}, sendContext(fileWith(consentNaming(PROVIDER)))), NOW)
      .thenMatches(
        { type: 'StepDownLevelSet' },
        {
          type: 'DisclosureRecorded',
          data: {
            disclosureId: 'send-1',
            clientId: CLIENT_ID,
            disclosedAt: NOW.toISOString(),
            recipient: { recipientId: PROVIDER, kind: 'provider' },
            purpose: 'TREAT',
            categories: ['demographics', 'diagnosis', 'level-of-care', 'discharge-summary'],
            basis: { kind: 'consent', citation: '42 CFR 2.31, 2.33', consentId: `consent-${PROVIDER}` },
            disclosedBy: CASE_MANAGER,
            notice: SHORT_DISCLOSURE_NOTICE,
            consentCopy: { consentId: `consent-${PROVIDER}` },
            siteId: SITE_ID,
            carriedBy: { kind: 'step-down', id: PLAN_ID },
          },
        },
      ));

  it('is refused (nothing recorded) when the client has an agreed restriction on sends to providers: a restriction wins over the consent', () =>
    given(createPlan())
      .when(
        setStepDown(
          {},
          sendContext({ ...fileWith(consentNaming(PROVIDER)), restrictions: [restriction({ recipientKinds: ['provider'] })] }),
        ),
        NOW,
      )
      .thenThrows(
        /cannot be sent to provider-riverside-op: The programme agreed to the client's restriction restriction-1.*42 CFR 2\.26\(a\)/,
        'disclosure-refused',
      ));

  it('is held when the consent expired at the discharge: a consent "until discharge" never covers aftercare', () =>
    given(createPlan())
      .when(
        setStepDown(
          {},
          sendContext({
            ...fileWith(consentNaming(PROVIDER, { expiry: { kind: 'event', event: 'discharge' } })),
            events: [{ clientId: CLIENT_ID, event: 'discharge', occurredAt: `${DISCHARGE_DATE}T00:00:00.000Z`, episodeId: PLAN_ID }],
          }),
        ),
        NOW,
      )
      .thenMatches({ type: 'StepDownLevelSet' }, { type: 'SendAwaitingConsent', data: { reasonCode: 'consent-expired-by-event' } }));

  it('is held once the revocation was received, citing 42 CFR 2.31(a)(6)', () =>
    given(createPlan())
      .when(
        setStepDown({}, sendContext(fileWith({ ...consentNaming(PROVIDER), revokedFrom: '2026-01-14T08:00:00.000Z' } as ConsentCopyV2))),
        NOW,
      )
      .thenMatches({ type: 'StepDownLevelSet' }, { type: 'SendAwaitingConsent', data: { reasonCode: 'consent-revoked' } }));

  it('is held under a "my treating providers" consent: the step-down provider has no treating relationship aftercare can show (42 CFR 2.11)', () =>
    given(createPlan())
      .when(
        setStepDown(
          {},
          sendContext(
            fileWith(
              consentNaming(PROVIDER, {
                consentId: 'consent-tpo',
                recipients: [{ kind: 'general', designation: 'treating-providers' }],
                purposes: ['TREAT', 'HPAYMT', 'HOPERAT'],
              }),
            ),
          ),
        ),
        NOW,
      )
      .thenMatches({ type: 'StepDownLevelSet' }, { type: 'SendAwaitingConsent', data: { reasonCode: 'no-treating-relationship' } }));

  it('is held when the consent does not cover what a step-down carries, naming the category', () =>
    given(createPlan())
      .when(setStepDown({}, sendContext(fileWith(consentNaming(PROVIDER, { categories: ['demographics', 'level-of-care'] })))), NOW)
      .thenMatches(
        { type: 'StepDownLevelSet' },
        {
          type: 'SendAwaitingConsent',
          data: { reasonCode: 'consent-for-other-information', explanation: expect.stringMatching(/diagnosis, discharge-summary/) },
        },
      ));

  it('carries what the network configured: a step-down carrying only the level of care is covered by a consent for it', () =>
    deciderSpec(
      aftercareDecider(
        aftercareRules({
          disclosures: {
            ...DEFAULT_AFTERCARE_DISCLOSURES,
            categories: { ...DEFAULT_AFTERCARE_DISCLOSURES.categories, 'step-down': ['level-of-care'] },
          },
        }),
      ),
    )
      .given(...historyOf([createPlan()]))
      .when(setStepDown({}, sendContext(fileWith(consentNaming(PROVIDER, { categories: ['level-of-care'] })))), NOW)
      .thenMatches({ type: 'StepDownLevelSet' }, { type: 'DisclosureRecorded', data: { categories: ['level-of-care'] } }));
});

describe('a recovery residence and a peer-support referral', () => {
  it('sends the residence arrangement under a consent naming the residence', () =>
    given(createPlan())
      .when(arrangeResidence({}, sendContext(fileWith(consentNaming(RESIDENCE)))), NOW)
      .thenMatches(
        { type: 'RecoveryResidenceArranged' },
        {
          type: 'DisclosureRecorded',
          data: {
            recipient: { recipientId: RESIDENCE, kind: 'recovery-residence' },
            categories: ['demographics', 'level-of-care'],
            carriedBy: { kind: 'recovery-residence', id: PLAN_ID },
          },
        },
      ));

  it('holds a peer-support referral under a consent naming someone else, saying whom it names', () =>
    given(createPlan())
      .when(linkPeerSupport({}, sendContext(fileWith(consentNaming(PROVIDER)))), NOW)
      .thenMatches(
        { type: 'PeerSupportLinked' },
        { type: 'SendAwaitingConsent', data: { kind: 'peer-support', carrierId: 'linkage-aa', reasonCode: 'consent-for-other-recipient' } },
      ));

  it('sends a peer-support referral under a consent naming the group, carried by the linkage', () =>
    given(createPlan())
      .when(linkPeerSupport({}, sendContext(fileWith(consentNaming(GROUP)))), NOW)
      .thenMatches(
        { type: 'PeerSupportLinked' },
        {
          type: 'DisclosureRecorded',
          data: { recipient: { recipientId: GROUP, kind: 'peer-support' }, carriedBy: { kind: 'peer-support', id: 'linkage-aa' } },
        },
      ));

  it('refuses a residence the client restricted by id, recording neither the arrangement nor a send', () =>
    given(createPlan())
      .when(
        arrangeResidence(
          {},
          sendContext({ ...fileWith(consentNaming(RESIDENCE)), restrictions: [restriction({ recipientIds: [RESIDENCE] })] }),
        ),
        NOW,
      )
      .thenThrows(/restriction restriction-1/, 'disclosure-refused'));
});

describe('sends waiting for consent', () => {
  const heldStepDown: HistoryStep[] = [createPlan(), [setStepDown(), NOW]];
  const later = onDay(5);

  it('go out, with their DisclosureRecorded, when a covering consent arrives; the service is who disclosed', () =>
    given(...heldStepDown)
      .when(release(fileWith(consentNaming(PROVIDER))), later)
      .thenMatches({
        type: 'DisclosureRecorded',
        data: {
          disclosureId: 'send-1',
          disclosedAt: later.toISOString(),
          recipient: { recipientId: PROVIDER },
          disclosedBy: { userId: 'aftercare', role: 'system' },
          carriedBy: { kind: 'step-down', id: PLAN_ID },
        },
      }));

  it('show as sent on the plan once released', () => {
    const plan = planAfter([...heldStepDown, [release(fileWith(consentNaming(PROVIDER))), later]]);
    expect(plan.status !== 'none' && plan.outsideSends).toEqual([
      expect.objectContaining({ sendId: 'send-1', status: 'sent', sentAt: later.toISOString(), consentId: `consent-${PROVIDER}` }),
    ]);
  });

  it('stay as they are under a consent that still does not cover them', () =>
    given(...heldStepDown)
      .when(release(fileWith(consentNaming('provider-elsewhere'))), later)
      .thenMatches({ type: 'SendAwaitingConsent', data: { sendId: 'send-1', reasonCode: 'consent-for-other-recipient' } }));

  it('decide nothing when the reason has not changed', () =>
    given(...heldStepDown, [release(fileWith(consentNaming('provider-elsewhere'))), later])
      .when(release(fileWith(consentNaming('provider-elsewhere'))), onDay(6))
      .thenNothingHappens());

  it('are withdrawn when a restriction agreed since refuses them: no consent would release them', () =>
    given(...heldStepDown)
      .when(release({ ...fileWith(consentNaming(PROVIDER)), restrictions: [restriction({ recipientKinds: ['provider'] })] }), later)
      .thenMatches({
        type: 'HeldSendWithdrawn',
        data: { sendId: 'send-1', reasonCode: 'agreed-restriction', citation: '42 CFR 2.26(a)' },
      }));

  it('are replaced by a new arrangement: the earlier provider is never sent a plan that changed', () => {
    const plan = planAfter([...heldStepDown, [setStepDown({ providerId: 'provider-harbour-op' }, sendContext({}, 'send-2')), later]]);
    expect(plan.status !== 'none' && plan.outsideSends.map(({ sendId, status }) => ({ sendId, status }))).toEqual([
      { sendId: 'send-1', status: 'withdrawn' },
      { sendId: 'send-2', status: 'awaiting-consent' },
    ]);
  });

  it('are withdrawn when continuing care ends, and a consent afterwards sends nothing', () =>
    given(...heldStepDown, [endContinuingCare({ reason: 'client-declined' }), later])
      .when(release(fileWith(consentNaming(PROVIDER))), onDay(6))
      .thenNothingHappens());
});

describe("the network's disclosure settings", () => {
  it('refuse SUD counselling notes in any aftercare send (42 CFR 2.31(b))', () =>
    expect(() =>
      aftercareRules({
        disclosures: {
          ...DEFAULT_AFTERCARE_DISCLOSURES,
          categories: { ...DEFAULT_AFTERCARE_DISCLOSURES.categories, 'peer-support': ['demographics', 'sud-counselling-notes'] },
        },
      }),
    ).toThrow(/disclosures\.categories\.peer-support: an aftercare send never carries SUD counselling notes/));

  it('refuse a purpose that is not a PurposeOfUse code and an empty category list', () =>
    expect(() =>
      aftercareRules({
        disclosures: {
          ...DEFAULT_AFTERCARE_DISCLOSURES,
          purpose: 'treatment' as never,
          categories: { ...DEFAULT_AFTERCARE_DISCLOSURES.categories, 'step-down': [] },
        },
      }),
    ).toThrow(/disclosures\.purpose: .*disclosures\.categories\.step-down: give what the send carries/));
});
