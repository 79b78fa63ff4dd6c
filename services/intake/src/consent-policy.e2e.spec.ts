import { DEFAULT_CONSENT_POLICY } from '@continuum/consent';
import { refusedWritingNothing } from '@continuum/service-testing';
import { type IntakeTestApp, bearer as as, startIntakeTestApp, tokenFor as token } from './testing/intake-app.js';

// The network's Part 2 consent policy, for the console's consent form: the wording it prints
// is the wording intake checks a form against.

let service: IntakeTestApp;

beforeAll(async () => {
  service = await startIntakeTestApp('consent-policy-e2e', { env: { CONSENT_MINOR_RULE: 'minor-alone' } });
}, 30_000);

afterAll(() => service.close());

it("answers the network's statements, its rule for minors and its disclosure notice to the site's staff", async () => {
  const policy = await service
    .http()
    .get('/api/v1/consent-policy')
    .set(as(await token('intake-coordinator', ['site-north'])));
  expect(policy.status).toBe(200);
  expect(policy.body).toEqual({
    minorRule: 'minor-alone',
    statementTexts: DEFAULT_CONSENT_POLICY.statementTexts,
    disclosureNotice: '42 CFR part 2 prohibits unauthorized use or disclosure of these records.',
  });
});

it('is refused without a token (401) and to a role outside the sites (403), writing nothing but the refusal', async () => {
  for (const [headers, status] of [
    [{}, 401],
    [as(await token('network-admin', [])), 403],
  ] as const) {
    const { refusals } = await refusedWritingNothing(service, () => service.http().get('/api/v1/consent-policy').set(headers), status);
    expect(refusals.map((event) => event.type)).toEqual(['AccessRefused']);
  }
});
