// The authorisation matrix (docs/architecture/security.md#the-authorisation-matrix): every
// route of every service, as its own metadata declares it (`@Roles`, `@Public`), asked by
// every role, at the caller's own site and at another, by a caller without a token, with the
// role held network-wide, and with a staff role smuggled into the network-wide claim. The
// expectations come from the metadata and the rules of docs/domain/roles-and-sites.md, so a
// route added to any service is in the matrix without a line here.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { type Type } from '@nestjs/common';
import { SignJWT } from 'jose';
import {
  type AccessRefusal,
  DEV_JWT_SECRET,
  NETWORK_ROLES,
  ROLES,
  type Role,
  type RouteFacts,
  STAFF_ROLES,
  type ConfigDefinition,
  type PlatformConfig,
  buildOpenApiDocument,
  routeFactsOf,
} from '@continuum/platform';
import {
  appendedSinceFlushed,
  flushedSnapshot,
  refusalsSinceFlushed,
  refusedWritingNothing,
  startServiceTestApp,
} from '@continuum/service-testing';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { AftercareModule } from '@continuum/aftercare/aftercare.module.js';
import { aftercareServiceConfig } from '@continuum/aftercare/aftercare.config.js';
import { startAuditTestApp } from '@continuum/audit/testing/audit-app.js';
import { dualDiagnosisModule } from '@continuum/dual-diagnosis/dual-diagnosis.module.js';
import { dualDiagnosisServiceConfig } from '@continuum/dual-diagnosis/dual-diagnosis.config.js';
import { IntakeModule } from '@continuum/intake/intake.module.js';
import { intakeServiceConfig } from '@continuum/intake/intake.config.js';
import { TreatmentPlanModule } from '@continuum/treatment-plan/treatment-plan.module.js';
import { treatmentPlanServiceConfig } from '@continuum/treatment-plan/treatment-plan.config.js';
import { type TreatmentPlanTestApp, startTreatmentPlanTestApp } from '@continuum/treatment-plan/testing/treatment-plan-app.js';

/** Hundreds of requests per test. */
const LONG = 180_000;

type MatrixApp = {
  app: INestApplication;
  http(): ReturnType<typeof request>;
  store(): EventStore;
  quiet?(): Promise<void>;
  close(): Promise<void>;
};

/** A service as its e2e specs build it, on temporary stores. */
function onBus(module: () => Type<unknown>, config: ConfigDefinition<PlatformConfig>) {
  return (name: string): Promise<MatrixApp> =>
    startServiceTestApp(module(), {
      serviceName: name,
      config,
      name: `matrix-${name}`,
      // Thousands of requests from one address in seconds: the limits are not what this measures.
      env: { RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'fatal' },
    });
}

const SERVICES: Array<{ name: string; start(name: string): Promise<MatrixApp> }> = [
  { name: 'intake', start: onBus(() => IntakeModule, intakeServiceConfig) },
  { name: 'treatment-plan', start: onBus(() => TreatmentPlanModule, treatmentPlanServiceConfig) },
  { name: 'dual-diagnosis', start: onBus(() => dualDiagnosisModule(), dualDiagnosisServiceConfig) },
  { name: 'aftercare', start: onBus(() => AftercareModule, aftercareServiceConfig) },
  {
    // The audit service reads the store and consumes no bus; its few routes stay under the rate limits.
    name: 'audit',
    start: async () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'matrix-audit-'));
      const audit = await startAuditTestApp(`sqlite:${path.join(folder, 'events.db')}`);
      return {
        ...audit,
        store: () => audit.app.get<EventStore>(EVENT_STORE),
        close: async () => (await audit.close(), rmSync(folder, { recursive: true, force: true })),
      };
    },
  },
];

const HOME = 'site-north';
const AWAY = 'site-south';
const READS = new Set(['get', 'head']);

type Route = { method: string; template: string; facts: RouteFacts; pathParams: string[]; querySite: boolean };

function sign(claims: { roles?: unknown; sites?: unknown }, userId: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(DEV_JWT_SECRET));
}

/** Each route's method, template and facts, from the same document and metadata the platform builds. */
function routesOf(service: MatrixApp, name: string): Route[] {
  const document = buildOpenApiDocument(service.app, name);
  const facts = routeFactsOf(service.app);
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(
      item as Record<string, { operationId?: string; parameters?: Array<{ in: string; name: string }> }>,
    )) {
      const fact = operation.operationId ? facts.get(operation.operationId) : undefined;
      if (!fact) continue;
      const parameters = operation.parameters ?? [];
      routes.push({
        method,
        template,
        facts: fact,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        querySite: parameters.some((p) => p.in === 'query' && p.name === 'siteId'),
      });
    }
  }
  return routes;
}

/** A request naming `site`: in the path, the query or the body, wherever the route takes a site. */
/** The route as the service's request log names it: `{param}` in the document is `:param` there. */
const nestTemplate = (route: Route) => route.template.replace(/\{([^}]+)\}/g, ':$1');

/** The refusals recorded since `before`, one line each: status, method, route, and whether a verified user is named. */
async function refusalLines(service: MatrixApp, before: Awaited<ReturnType<typeof flushedSnapshot>>): Promise<string[]> {
  const refusals = await refusalsSinceFlushed(service, before);
  return refusals
    .map(({ data }) => {
      const refusal = data as AccessRefusal;
      return `${refusal.status} ${refusal.what.method} ${refusal.what.route} ${refusal.userId === undefined ? 'anonymous' : 'verified'}`;
    })
    .sort();
}

function requestFor(service: MatrixApp, route: Route, site: string, authorization?: string) {
  const path = route.template.replace(/\{([^}]+)\}/g, (_whole, name: string) => (name === 'siteId' ? site : randomUUID()));
  const query = route.querySite ? `?siteId=${site}` : '';
  const http = service.http();
  const call = READS.has(route.method)
    ? http.get(`${path}${query}`)
    : (http as unknown as Record<string, (url: string) => ReturnType<typeof http.post>>)[route.method]!(`${path}${query}`).send({
        siteId: site,
      });
  return authorization ? call.set('Authorization', `Bearer ${authorization}`) : call;
}

/** Whether the route names a site the guard checks before any handler runs. */
const namesSite = (route: Route) => route.pathParams.includes('siteId') || route.querySite || !READS.has(route.method);

/**
 * The roles the guard admits on this route: auditors never on a write
 * (docs/domain/roles-and-sites.md#how-a-request-is-scoped-to-a-site); a POST that changes no
 * record (the audit's verification run) is a read.
 */
const admitted = (route: Route): readonly Role[] =>
  READS.has(route.method) || route.facts.changesNoRecord ? route.facts.roles : route.facts.roles.filter((role) => role !== 'auditor');

describe.each(SERVICES)('the authorisation matrix of $name', ({ name, start }) => {
  let service: MatrixApp;
  let routes: Route[];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    service = await start(name);
    routes = routesOf(service, name).filter((route) => !route.facts.isPublic);
    for (const role of ROLES) {
      const isNetwork = (NETWORK_ROLES as readonly string[]).includes(role);
      tokens.set(
        `${role}@site`,
        await sign(isNetwork ? { roles: [role], sites: {} } : { roles: [], sites: { [HOME]: [role] } }, `m-${role}`),
      );
    }
    // A staff role in the network-wide claim: it must grant nothing, anywhere.
    for (const role of STAFF_ROLES) tokens.set(`${role}@network`, await sign({ roles: [role], sites: {} }, `m-net-${role}`));
  }, LONG);
  afterAll(() => service.close());

  it('has routes, each declaring the roles it admits', () => {
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((route) => route.facts.roles.length === 0).map((route) => `${route.method} ${route.template}`)).toEqual([]);
  });

  /** Each route × role (a token for the role at its own site) not answered as the route's @Roles say: admitted, or 403. */
  async function admissionMismatches(roles: readonly Role[], requestedSite: string): Promise<string[]> {
    const wrong: string[] = [];
    for (const route of routes) {
      for (const role of roles) {
        const answer = await requestFor(service, route, requestedSite, tokens.get(`${role}@site`));
        const expectAdmitted = admitted(route).includes(role);
        if (expectAdmitted ? [401, 403].includes(answer.status) : answer.status !== 403) {
          wrong.push(`${role} ${route.method} ${route.template}: ${answer.status}, expected ${expectAdmitted ? 'admitted' : '403'}`);
        }
      }
    }
    return wrong;
  }

  it(
    'answers 401 on every route to a caller without a token',
    async () => {
      await service.quiet?.(); // what earlier admitted writes set off has landed
      const before = await flushedSnapshot(service);
      const wrong = [];
      for (const route of routes) {
        const answer = await requestFor(service, route, HOME);
        if (answer.status !== 401) wrong.push(`${route.method} ${route.template}: ${answer.status}`);
      }
      expect(wrong).toEqual([]);
      // Refused, every one of them: nothing written, not even an access record…
      expect(await appendedSinceFlushed(service, before)).toEqual([]);
      // …but each refusal is a security event of its own, naming no user (no token was verified).
      expect(await refusalLines(service, before)).toEqual(
        routes.map((route) => `401 ${route.method.toUpperCase()} ${nestTemplate(route)} anonymous`).sort(),
      );
    },
    LONG,
  );

  it(
    'admits exactly the declared roles at their own site, and refuses every other role with 403',
    async () => {
      expect(await admissionMismatches(ROLES, HOME)).toEqual([]);
    },
    LONG,
  );

  it(
    'refuses with 403 a staff role held at one site when the request names another',
    async () => {
      await service.quiet?.(); // what earlier admitted writes set off has landed
      const before = await flushedSnapshot(service);
      const wrong = [];
      const refused: string[] = [];
      for (const route of routes.filter(namesSite)) {
        for (const role of admitted(route).filter((candidate) => (STAFF_ROLES as readonly string[]).includes(candidate))) {
          const answer = await requestFor(service, route, AWAY, tokens.get(`${role}@site`));
          if (answer.status !== 403) wrong.push(`${role} ${route.method} ${route.template} at ${AWAY}: ${answer.status}`);
          refused.push(`403 ${route.method.toUpperCase()} ${nestTemplate(route)} verified`);
        }
      }
      expect(wrong).toEqual([]);
      // Refused, every one of them: nothing written, not even an access record…
      expect(await appendedSinceFlushed(service, before)).toEqual([]);
      // …but each refusal is a security event of its own, naming the verified user.
      expect(await refusalLines(service, before)).toEqual(refused.sort());
    },
    LONG,
  );

  it(
    'admits a network role at any site where the route lists it, and never on a write',
    async () => {
      expect(await admissionMismatches(NETWORK_ROLES, AWAY)).toEqual([]);
    },
    LONG,
  );

  it(
    'grants nothing to a staff role placed in the network-wide roles claim',
    async () => {
      await service.quiet?.(); // what earlier admitted writes set off has landed
      const before = await flushedSnapshot(service);
      const wrong = [];
      const refused: string[] = [];
      for (const route of routes) {
        for (const role of STAFF_ROLES) {
          const answer = await requestFor(service, route, HOME, tokens.get(`${role}@network`));
          if (answer.status !== 403) wrong.push(`${role} (network-wide) ${route.method} ${route.template}: ${answer.status}`);
          refused.push(`403 ${route.method.toUpperCase()} ${nestTemplate(route)} verified`);
        }
      }
      expect(wrong).toEqual([]);
      // Refused, every one of them: nothing written, not even an access record…
      expect(await appendedSinceFlushed(service, before)).toEqual([]);
      // …but each refusal is a security event of its own, naming the verified user.
      expect(await refusalLines(service, before)).toEqual(refused.sort());
    },
    LONG,
  );
});

// Care teams (docs/domain/roles-and-sites.md#what-each-role-sees): the routes above let a role
// in; treatment-plan's clinical reads then ask whether the caller is on the episode's care team,
// oversees the site (clinical supervisor, auditor) or broke the glass. Asked here on a real
// episode, by every role at the episode's site and by each member of its team.
const CLINICAL_READS = ['/api/v1/plans/{episodeId}', '/api/v1/episodes/{episodeId}'];
const OVERSIGHT: readonly Role[] = ['clinical-supervisor', 'auditor'];

describe('the care teams of treatment-plan', () => {
  let plan: TreatmentPlanTestApp;
  let episodeId: string;
  let clientId: string;
  const TEAM = [
    { userId: 'team-clinician', teamRole: 'clinician' as const },
    { userId: 'team-prescriber', teamRole: 'prescriber' as const },
    { userId: 'team-case-manager', teamRole: 'case-manager' as const },
    { userId: 'team-nurse', teamRole: 'nurse' as const },
  ];
  const tokenOf = (role: Role, userId: string, sites: string[] = [HOME]) =>
    sign(
      (NETWORK_ROLES as readonly string[]).includes(role)
        ? { roles: [role], sites: {} }
        : { roles: [], sites: Object.fromEntries(sites.map((site) => [site, [role]])) },
      userId,
    );
  const get = (template: string, token: string) =>
    plan.http().get(template.replace('{episodeId}', episodeId)).set('Authorization', `Bearer ${token}`);
  const read = async (template: string, token: string) => (await get(template, token)).status;

  beforeAll(async () => {
    plan = await startTreatmentPlanTestApp('matrix-care-teams', { env: { RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'fatal' } });
    const admitted = await plan.admit({ siteId: HOME }, { careTeam: TEAM });
    episodeId = admitted.episodeId;
    clientId = admitted.admitted.data.clientId;
  }, LONG);
  afterAll(() => plan.close());

  it(
    'refuses (403) every role off the team that the routes admit, except those who oversee the site, writing nothing but the refusal',
    async () => {
      const before = await flushedSnapshot(plan);
      const wrong: string[] = [];
      const refused: string[] = [];
      for (const template of CLINICAL_READS) {
        for (const role of ROLES) {
          const status = await read(template, await tokenOf(role, `off-team-${role}`));
          const expected = OVERSIGHT.includes(role) ? 200 : 403;
          if (status !== expected) wrong.push(`${role} GET ${template}: ${status}, expected ${expected}`);
          if (expected === 403) refused.push(`403 GET ${template.replace('{episodeId}', ':episodeId')}`);
        }
      }
      expect(wrong).toEqual([]);
      const written = (await appendedSinceFlushed(plan, before)).map((event) => event.type);
      // Only the access records of the reads that were answered.
      expect(written.every((type) => type === 'ClientRecordAccessed')).toBe(true);
      expect(written).toHaveLength(CLINICAL_READS.length * OVERSIGHT.length);
      const refusals = (await refusalsSinceFlushed(plan, before)).map(({ data }) => {
        const refusal = data as AccessRefusal;
        return `${refusal.status} ${refusal.what.method} ${refusal.what.route.replace(':planId', ':episodeId')}`;
      });
      expect(refusals.sort()).toEqual(refused.sort());
    },
    LONG,
  );

  it('admits every member of the team at its site, and none of them at another', async () => {
    const before = await flushedSnapshot(plan);
    const wrong: string[] = [];
    for (const template of CLINICAL_READS) {
      for (const { userId, teamRole } of TEAM) {
        const home = await read(template, await tokenOf(teamRole, userId));
        const away = await read(template, await tokenOf(teamRole, userId, [AWAY]));
        if (home !== 200 || away !== 403) wrong.push(`${teamRole} ${userId} GET ${template}: ${home} at ${HOME}, ${away} at ${AWAY}`);
      }
    }
    expect(wrong).toEqual([]);
    // The refusals at the other site wrote nothing: only the answered reads' access records, and one security event each.
    const written = (await appendedSinceFlushed(plan, before)).map((event) => event.type);
    expect(written).toEqual(Array(CLINICAL_READS.length * TEAM.length).fill('ClientRecordAccessed'));
    expect(await refusalsSinceFlushed(plan, before)).toHaveLength(CLINICAL_READS.length * TEAM.length);
  });

  it('admits a member of the site clinical staff off the team once they broke the glass, and only them', async () => {
    const nurse = await tokenOf('nurse', 'glass-nurse');
    const otherNurse = await tokenOf('nurse', 'other-nurse');
    for (const template of CLINICAL_READS) await refusedWritingNothing(plan, () => get(template, nurse), 403);
    const granted = await plan
      .http()
      .post(`/api/v1/clients/${clientId}/break-the-glass`)
      .set('Authorization', `Bearer ${nurse}`)
      .send({ siteId: HOME, reason: 'client collapsed in group; team unreachable' });
    expect(granted.status).toBe(201);
    for (const template of CLINICAL_READS) {
      expect(await read(template, nurse)).toBe(200);
      await refusedWritingNothing(plan, () => get(template, otherNurse), 403);
    }
  });
});
