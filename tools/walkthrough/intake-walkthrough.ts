// Walks one client through intake against a running intake service (`npm start`), printing
// each request and answer: registration, consent, a PHQ-9 of 14, a negative C-SSRS, the
// assessment, the IOP recommendation with its reasons, the placement and the admission.
//
//   npm run walkthrough                      # a new client
//   npm run walkthrough -- --client <id>     # print a client's record (e.g. after a restart)
import { parseArgs } from 'node:util';
import { DEV_JWT_SECRET, mintDevToken } from '@continuum/platform';
import {
  IOP,
  exampleAdmission,
  exampleAssessmentForIop,
  exampleCssrsNegative,
  examplePhq9Of14,
  exampleRegistration,
  exampleTreatmentConsent,
} from '@continuum/intake/api/examples.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.INTAKE_URL ?? 'http://localhost:3101' },
    site: { type: 'string', default: 'site-north' },
    client: { type: 'string' },
  },
});
const base = `${values.url}/api/v1`;
const site = values.site!;
const secret = process.env.JWT_SECRET ?? DEV_JWT_SECRET;
const coordinator = await mintDevToken({ userId: 'coordinator-1', roles: ['intake-coordinator'], sites: [site], ttl: '1h' }, { secret });
const clinician = await mintDevToken({ userId: 'clinician-1', roles: ['clinician'], sites: [site], ttl: '1h' }, { secret });

async function call(step: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  console.log(`\n── ${step}\n${method} ${path}`);
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': `walkthrough-${runId}-${step}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    console.error(`intake does not answer at ${values.url} (${(error as Error).message}). Start it with: npm start`);
    process.exit(1);
  }
  const answer = (await response.json()) as Record<string, unknown>;
  console.log(`${response.status} ${JSON.stringify(answer, null, 2)}`);
  if (!response.ok) {
    console.error(`\n${step} failed with ${response.status}; stopping.`);
    process.exit(1);
  }
  return answer;
}

const runId = Date.now().toString(36);

if (values.client) {
  await call('client record', clinician, 'GET', `/clients/${values.client}`);
} else {
  const today = new Date().toISOString().slice(0, 10);
  const startDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const { clientId } = (await call('register the client at the site', coordinator, 'POST', '/clients', exampleRegistration(site))) as { clientId: string };
  await call('record a Part 2 consent for treatment', coordinator, 'POST', `/clients/${clientId}/consents`, exampleTreatmentConsent(today));
  await call('screen with the PHQ-9 (answers total 14)', clinician, 'POST', `/clients/${clientId}/screenings`, examplePhq9Of14);
  await call('screen with the C-SSRS', clinician, 'POST', `/clients/${clientId}/screenings`, exampleCssrsNegative);
  await call('record the assessment', clinician, 'POST', `/clients/${clientId}/assessments`, exampleAssessmentForIop);
  await call('read the placement recommendation', clinician, 'GET', `/clients/${clientId}/placement-recommendation`);
  await call('decide the placement: IOP', clinician, 'POST', `/clients/${clientId}/placement`, { level: IOP });
  await call('admit to the evening IOP track', coordinator, 'POST', `/clients/${clientId}/admissions`, exampleAdmission(site, startDate));
  await call('read the client record', clinician, 'GET', `/clients/${clientId}`);
  console.log(`\nDone: client ${clientId} is admitted. After a restart, see it with: npm run walkthrough -- --client ${clientId}`);
}
