import { deciderSpec } from '@continuum/testing';
import { referralDecider } from './decide.js';
import { type ReferralEvent } from './events.js';
import {
  CLIENT,
  INTERNAL,
  REFERRAL,
  SITE,
  accept,
  accepted,
  assignProvider,
  assigned,
  at,
  cancel,
  complete,
  decline,
  missed,
  noShow,
  opened,
  schedule,
  scheduled,
  send,
  sent,
} from './testing/referral-fixtures.js';

const spec = deciderSpec(referralDecider());
const NOW = at('2026-01-16T10:00:00.000Z');

describe('naming the recipient', () => {
  it("assigns a provider of the referral's specialty", () =>
    spec
      .given(opened())
      .when(assignProvider(INTERNAL), NOW)
      .then({
        type: 'ProviderAssigned',
        data: {
          referralId: REFERRAL,
          clientId: CLIENT,
          providerId: INTERNAL.providerId,
          providerKind: 'internal',
          assignedAt: NOW.toISOString(),
        },
      }));

  it('refuses a provider that does not offer the specialty, naming what it offers', () =>
    spec
      .given(opened({ specialty: 'trauma-therapy' }))
      .when(assignProvider(INTERNAL), NOW)
      .thenThrows(
        /does not offer trauma-therapy \(it offers psychiatric-evaluation, medication-management\)/,
        'provider-specialty-mismatch',
      ));

  it("refuses a provider from another site's directory", () =>
    spec
      .given(opened())
      .when(assignProvider({ ...INTERNAL, siteId: 'site-south' }), NOW)
      .thenThrows(/in the directory of site-south, not of site-north/, 'provider-of-other-site'));

  it('refuses a provider already at its capacity, saying what to do instead', () =>
    spec
      .given(opened())
      .when(assignProvider({ ...INTERNAL, capacity: 3, openReferrals: 3 }), NOW)
      .thenThrows(
        /already holds 3 open referrals, its capacity of 3\. Choose another provider of psychiatric-evaluation/,
        'provider-at-capacity',
      ));

  it('assigns a provider with room left', () =>
    spec
      .given(opened())
      .when(assignProvider({ ...INTERNAL, capacity: 3, openReferrals: 2 }), NOW)
      .thenMatches({ type: 'ProviderAssigned' }));

  it('refuses to send before a provider is named, saying to assign one', () =>
    spec
      .given(opened())
      .when(send(), NOW)
      .thenThrows(/names no recipient yet\. Assign a provider/, 'no-provider'));
});

describe('the lifecycle requested → sent → accepted | declined → scheduled → completed | no-show | cancelled', () => {
  it('sends to an internal provider without a consent or a disclosure', () =>
    spec
      .given(opened(), assigned(INTERNAL))
      .when(send(), NOW)
      .thenMatches({ type: 'ReferralSent', data: { providerId: INTERNAL.providerId, sentAt: NOW.toISOString() } }));

  it('is accepted once sent', () =>
    spec
      .given(opened(), assigned(), sent())
      .when(accept, NOW)
      .then({
        type: 'ReferralAccepted',
        data: { referralId: REFERRAL, clientId: CLIENT, providerId: INTERNAL.providerId, acceptedAt: NOW.toISOString() },
      }));

  it('is declined with a reason, and the provider who declined is no longer its recipient', () => {
    const given = spec.given(opened(), assigned(), sent());
    given
      .when(decline('outside-catchment'), NOW)
      .thenMatches({ type: 'ReferralDeclined', data: { providerId: INTERNAL.providerId, reasonCode: 'outside-catchment' } });
    spec
      .given(opened(), assigned(), sent(), {
        type: 'ReferralDeclined',
        data: {
          referralId: REFERRAL,
          clientId: CLIENT,
          providerId: INTERNAL.providerId,
          reasonCode: 'no-capacity',
          declinedAt: NOW.toISOString(),
        },
      })
      .when(send(), NOW)
      .thenThrows(/provider declined it: assign another provider/);
  });

  it('gets an appointment once accepted', () =>
    spec
      .given(opened(), assigned(), sent(), accepted())
      .when(schedule('2026-01-22'), NOW)
      .thenMatches({ type: 'AppointmentScheduled', data: { appointmentDate: '2026-01-22' } }));

  it("is completed with the specialist's result as codes, carrying what treatment-plan needs", () =>
    spec
      .given(opened({ episodeId: 'episode-7' }), assigned(), sent(), accepted(), scheduled())
      .when(complete(true, ['start-ssri']), NOW)
      .then({
        type: 'ReferralCompleted',
        data: {
          referralId: REFERRAL,
          clientId: CLIENT,
          episodeId: 'episode-7',
          specialty: 'psychiatric-evaluation',
          conditionCode: 'depression',
          conditionConfirmed: true,
          recommendationCodes: ['start-ssri'],
          completedAt: NOW.toISOString(),
        },
      }));

  it('records a first no-show and can be rebooked', () => {
    spec
      .given(opened(), assigned(), sent(), accepted(), scheduled())
      .when(noShow, NOW)
      .thenMatches({ type: 'AppointmentMissed', data: { noShowCount: 1, appointmentDate: '2026-01-20' } });
    spec
      .given(opened(), assigned(), sent(), accepted(), scheduled(), missed(1))
      .when(schedule('2026-01-27'), NOW)
      .thenMatches({ type: 'AppointmentScheduled', data: { appointmentDate: '2026-01-27' } });
  });

  it("fails on the second no-show and tells the referring site's clinicians", () =>
    spec
      .given(opened(), assigned(), sent(), accepted(), scheduled(), missed(1), scheduled('2026-01-27'))
      .when(noShow, NOW)
      .thenMatches(
        { type: 'AppointmentMissed', data: { noShowCount: 2, appointmentDate: '2026-01-27' } },
        { type: 'ReferralFailed', data: { reasonCode: 'repeated-no-show' } },
        { type: 'ClinicianNotified', data: { siteId: SITE, audienceRole: 'clinician', reasonCode: 'referral-failed-repeated-no-show' } },
      ));

  it('is cancelled with a reason from any open state', () =>
    spec
      .given(opened(), assigned(), sent(), accepted())
      .when(cancel('client-withdrew'), NOW)
      .thenMatches({ type: 'ReferralCancelled', data: { reasonCode: 'client-withdrew' } }));
});

describe('illegal transitions name the states that allow the action', () => {
  it('refuses to accept a referral that was not sent', () =>
    spec
      .given(opened())
      .when(accept, NOW)
      .thenThrows('A referral can be accepted only while it is sent; this one is requested.', 'illegal-transition'));

  it('refuses to complete a referral without an appointment', () =>
    spec
      .given(opened(), assigned(), sent(), accepted())
      .when(complete(), NOW)
      .thenThrows(/can be completed only while it is scheduled; this one is accepted/));

  it('refuses to schedule before acceptance', () =>
    spec
      .given(opened(), assigned(), sent())
      .when(schedule(), NOW)
      .thenThrows(/given an appointment only while it is accepted, no-show; this one is sent/));

  it('refuses to record a no-show without an appointment', () =>
    spec
      .given(opened(), assigned(), sent(), accepted())
      .when(noShow, NOW)
      .thenThrows(/no-show only while it is scheduled/));

  it('refuses to act on a completed referral', () => {
    const completed = [
      opened(),
      assigned(),
      sent(),
      accepted(),
      scheduled(),
      {
        type: 'ReferralCompleted',
        data: {
          referralId: REFERRAL,
          clientId: CLIENT,
          specialty: 'psychiatric-evaluation',
          conditionCode: 'depression',
          conditionConfirmed: false,
          recommendationCodes: [],
          completedAt: NOW.toISOString(),
        },
      },
    ] as ReferralEvent[];
    spec
      .given(...completed)
      .when(cancel(), NOW)
      .thenThrows(
        /can be cancelled only while it is requested, awaiting-consent, sent, accepted, declined, scheduled, no-show; this one is completed/,
      );
    spec
      .given(...completed)
      .when(decline(), NOW)
      .thenThrows(/this one is completed/);
  });

  it('refuses a command for a referral that was never opened', () =>
    spec
      .given()
      .when(accept, NOW)
      .thenThrows(/no such referral/, 'referral-not-found'));

  it('lists the allowed states in the details for the problem document', () => {
    let thrown: unknown;
    try {
      spec.given(opened()).when(accept, NOW).events();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'illegal-transition', details: { status: 'requested', allowedStates: ['sent'] } });
  });
});
