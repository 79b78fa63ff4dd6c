// How the journey talks to a service: its HTTP API with a staff member's bearer token, and
// nothing else. An answer other than the one expected stops the journey with the service, the
// route and the problem+json it answered (ids and codes: no request body is repeated).
import { DEV_JWT_SECRET, type Role, mintDevToken } from '@continuum/platform';

export class JourneyStepFailed extends Error {}

export type Staff = { role: Role; userId: string; sites: string[] };

/** A short-lived token for a member of staff, signed with the development secret every service accepts outside production. */
export async function tokenFor(staff: Staff): Promise<string> {
  return mintDevToken({ userId: staff.userId, roles: [staff.role], sites: staff.sites, ttl: '1h' }, { secret: DEV_JWT_SECRET });
}

type Json = Record<string, unknown>;

export class ServiceClient {
  constructor(
    readonly service: string,
    private readonly baseUrl: string,
  ) {}

  /** A command: answers 201 or 200, or the journey stops. */
  async post<T = Json>(token: string, route: string, body: object = {}): Promise<T> {
    return this.command<T>('POST', token, route, body);
  }

  async put<T = Json>(token: string, route: string, body: object): Promise<T> {
    return this.command<T>('PUT', token, route, body);
  }

  /** A command that must be refused: answers its status (4xx) and problem+json, or the journey stops. */
  async refused(token: string, route: string, body: object = {}): Promise<{ status: number; problem: Json }> {
    const { status, body: problem } = await this.send('POST', token, route, body);
    if (status < 400 || status >= 500)
      throw new JourneyStepFailed(`${this.service}: POST ${route} should have been refused, answered ${status}`);
    return { status, problem: problem as Json };
  }

  /** A read: the body of a 200, or undefined for a 404 (not there yet); anything else stops the journey. */
  async get<T = Json>(token: string, route: string): Promise<T | undefined> {
    const { status, body } = await this.send('GET', token, route);
    if (status === 404) return undefined;
    if (status !== 200) throw new JourneyStepFailed(`${this.service}: GET ${route} answered ${status}: ${JSON.stringify(body)}`);
    return body as T;
  }

  private async command<T>(method: string, token: string, route: string, body: object): Promise<T> {
    const answer = await this.send(method, token, route, body);
    if (answer.status !== 200 && answer.status !== 201)
      throw new JourneyStepFailed(`${this.service}: ${method} ${route} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  }

  private async send(method: string, token: string, route: string, body?: object): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }
}
