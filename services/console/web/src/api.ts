// The page's only way out: the console's own API, same origin, with the session cookie the
// browser sends by itself. Writes carry the session's CSRF token and an Idempotency-Key. The
// CSRF token lives in this module's memory only: no browser storage holds anything.
export type FieldProblem = { field: string; problem: string };
export type Problem = { type?: string; title: string; status: number; detail?: string; errors?: FieldProblem[]; code?: string };

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
  /** What the service said about one field (`person.givenName`, `statements`…), or about a field below it. */
  about(field: string): string | undefined {
    const found = (this.problem.errors ?? []).filter(
      (error) => error.field === field || error.field.startsWith(`${field}.`) || error.field.startsWith(`${field}[`),
    );
    return found.length ? found.map((error) => error.problem).join('; ') : undefined;
  }
}

let csrfToken: string | undefined;
export function rememberCsrfToken(token: string | undefined) {
  csrfToken = token;
}

export type ServiceName = 'intake' | 'treatment-plan' | 'dual-diagnosis' | 'aftercare' | 'audit';

async function request<T>(method: string, url: string, body?: unknown, idempotencyKey?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    throw new ProblemError({ title: 'The console does not answer', status: 0, detail: 'Check the connection and try again.' });
  }
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw new ProblemError((parsed as Problem) ?? { title: response.statusText, status: response.status });
  return parsed as T;
}

/** A read of a service's API below its /api/v1, e.g. get('intake', `clients/${id}`). */
export function get<T>(service: ServiceName, path: string): Promise<T> {
  return request<T>('GET', `/api/v1/services/${service}/${path}`);
}

/** A write: a new Idempotency-Key unless the caller retries with the one it used before. */
export function send<T>(
  service: ServiceName,
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
  idempotencyKey: string = crypto.randomUUID(),
): Promise<T> {
  return request<T>(method, `/api/v1/services/${service}/${path}`, body, idempotencyKey);
}

/** One service's answer inside a console answer that gathers several: its status and JSON body (a problem when refused). */
export type ServicePart<T> = { status: number; body: T | Problem };

export const consoleApi = {
  session: () => request<SessionAnswer>('GET', '/api/v1/session'),
  /** The chart's header in one call: intake's record, treatment-plan's episodes and the newest episode. */
  chartHeader: <Record, Episodes, Episode, Plan>(clientId: string) =>
    request<{
      record: ServicePart<Record>;
      episodes: ServicePart<Episodes>;
      episode: ServicePart<Episode> | null;
      plan: ServicePart<Plan> | null;
    }>('GET', `/api/v1/chart/${clientId}/header`),
  signIn: (choice: { userId: string; role: string; sites: string[] }) =>
    request<SessionAnswer>('POST', '/api/v1/session/development', choice),
  signOut: () => request<SessionAnswer>('POST', '/api/v1/session/sign-out'),
};

/** The role the console acts in (at `sites`), and every role held at each site. */
export type SessionUser = { userId: string; role: string; sites: string[]; siteRoles: Record<string, string[]> };

/** The read of who is signed in, once per page load (a sign-out reads it again). */
export const sessionQuery = { queryKey: ['session'], queryFn: () => consoleApi.session(), staleTime: Infinity };

// Where a role is held: read the same way as the console's server reads it.
export { holdsAt } from '../../src/session/site-roles';
export type SessionAnswer =
  | { signedIn: true; user: SessionUser; csrfToken: string }
  | {
      signedIn: false;
      developmentSignIn: { people: { userId: string; label: string; roles: string[] }[]; sites: string[] } | null;
      /** Where a full-page navigation starts the identity provider's sign-in, when one is configured. */
      providerSignIn: string | null;
    };

// The services' request shapes, generated from their OpenAPI documents (npm run console:api-types).
import type { components as IntakeApi } from './api-types/intake';
import type { components as TreatmentPlanApi } from './api-types/treatment-plan';
export type IntakeRequests = IntakeApi['schemas'];
export type TreatmentPlanRequests = TreatmentPlanApi['schemas'];
