// Walks one client through intake against a running intake service (`npm start`), printing
// each request and answer: registration, consent, a PHQ-9 of 14, a negative C-SSRS, the
// assessment, the IOP recommendation with its reasons, the placement and the admission.
//
//   npm run walkthrough                      # a new client
//   npm run walkthrough -- --client <id>     # print a client's record (e.g. after a restart)
//   npm run walkthrough -- --url http://localhost:4101   # intake elsewhere (default INTAKE_URL,
//                                            # else http://localhost:<INTAKE_PORT, else 3101>)
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
import { commandLine, fail, usageError } from '../cli/command-line.js';

const defaultUrl = () => process.env.INTAKE_URL?.trim() || `http://localhost:${process.env.INTAKE_PORT?.trim() || '3101'}`;

const cli = commandLine({
  name: 'walkthrough',
  usage: `usage: npm run walkthrough [-- [--url <intake>] [--site <siteId>] [--client <clientId>]]

Walks one new client through intake against a running intake service (npm start), printing
each request and answer: registration, consent, a PHQ-9 of 14, a negative C-SSRS, the
assessment, the IOP recommendation with its reasons, the placement and the admission.

options:
  --url <url>          the intake service (default INTAKE_URL, else http://localhost:<INTAKE_PORT, else 3101>;
                       now ${defaultUrl()})
  --site <siteId>      the site the client registers at (default site-north)
  --client <clientId>  print this client's record instead (e.g. after a restart)
  -h, --help           this text
environment: JWT_SECRET, as the service has it (default: the development secret)
exit status: 0 done; 1 intake does not answer, or a step failed (an unknown client: 404); 2 bad usage`,
  options: {
    url: { type: 'string' },
    site: { type: 'string', default: 'site-north' },
    client: { type: 'string' },
  },
  maxPositionals: 0,
});

async function main(): Promise<void> {
  const { values } = cli.parse();
  const url = (values.url ?? defaultUrl()).replace(/\/+$/, '');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    usageError(`--url takes the intake service's http(s) address, e.g. http://localhost:3101 (got "${url}")`);
  const base = `${url}/api/v1`;
  const site = values.site;
  if (!site) usageError('--site needs a site id, e.g. site-north');
  const secret = process.env.JWT_SECRET ?? DEV_JWT_SECRET;
  const coordinator = await mintDevToken({ userId: 'coordinator-1', roles: ['intake-coordinator'], sites: [site], ttl: '1h' }, { secret });
  const clinician = await mintDevToken({ userId: 'clinician-1', roles: ['clinician'], sites: [site], ttl: '1h' }, { secret });
  const runId = Date.now().toString(36);

  async function call(step: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
    console.log(`\n── ${step}\n${method} ${path}`);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': `walkthrough-${runId}-${step}`,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      fail(
        `intake does not answer at ${url} (${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}); start it with npm start, or give its address with --url`,
      );
    }
    const text = await response.text();
    let answer: Record<string, unknown>;
    try {
      answer = JSON.parse(text) as Record<string, unknown>;
    } catch {
      fail(`${url} answered ${response.status} with something other than JSON: is it the intake service?`);
    }
    console.log(`${response.status} ${JSON.stringify(answer, null, 2)}`);
    if (!response.ok) fail(`${step} failed with ${response.status}; stopping`);
    return answer;
  }

  if (values.client) {
    await call('client record', clinician, 'GET', `/clients/${encodeURIComponent(values.client)}`);
    return;
  }
  const today = new Date().toISOString().slice(0, 10);
  const startDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const { clientId } = (await call('register the client at the site', coordinator, 'POST', '/clients', exampleRegistration(site))) as {
    clientId: string;
  };
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

await cli.run(main);
