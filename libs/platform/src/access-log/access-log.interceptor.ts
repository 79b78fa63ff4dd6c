// Records every successful read of a client's record: a GET (or HEAD) of a route with a
// `clientId` parameter, or any route marked @ReadsClientRecord. The record is taken when the
// answer is ready, and the answer leaves only once the record is in the event store
// (access-log-buffer.ts batches the records of one turn into one append of the store's group
// commit). A record the store refuses turns the answer into a 503: nothing is disclosed that
// the log does not show.
//
// A route marked @ReadsClientList answers a list: one record per client the page shows, all
// in one append (AccessLog.recordList), before the page leaves.
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  InternalServerErrorException,
  type NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Observable, mergeMap } from 'rxjs';
import { admittedRoleAt } from '../auth/site-access.js';
import { type HttpRequest, headerValue } from '../context/http-message.js';
import { type RequestContext, requestContextOf } from '../context/request-context.js';
import { JsonLogger } from '../logging/json-logger.js';
import { routeTemplateOf } from '../logging/request-log.middleware.js';
import { AccessLog } from './access-log.js';
import { type AccessRecord, NO_SITE_KNOWN } from './access-record.js';
import { PURPOSE_OF_USE_HEADER, purposeOfUseFrom } from './purpose-of-use.js';
import { CLIENT_RECORD, READS_CLIENT_RECORD_KEY } from './reads-client-record.decorator.js';
import { type ClientListRead, type ListedRowsOf, READS_CLIENT_LIST_KEY } from './reads-client-list.decorator.js';

const READS = new Set(['GET', 'HEAD']);
// Route parameters are ids in every Continuum route; only plain tokens are recorded all the same.
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessLog: AccessLog,
    private readonly logger: JsonLogger,
  ) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http' || !this.accessLog.isRecording) return next.handle();
    const request = execution.switchToHttp().getRequest<HttpRequest>();
    const declaredKind = this.reflector.getAllAndOverride<string | undefined>(READS_CLIENT_RECORD_KEY, [
      execution.getHandler(),
      execution.getClass(),
    ]);
    const list = this.reflector.getAllAndOverride<ClientListRead | undefined>(READS_CLIENT_LIST_KEY, [
      execution.getHandler(),
      execution.getClass(),
    ]);
    const clientIdParam = request.params?.clientId;
    const isClientRead =
      list !== undefined || declaredKind !== undefined || (READS.has(request.method ?? '') && typeof clientIdParam === 'string');
    const context = requestContextOf(request);
    // A public route admitted nobody: there is no reader to record (and no client record behind it).
    if (!isClientRead || !context?.actor) return next.handle();

    // Checked before the read, so a misspelt purpose is a 400 and nothing is read unlogged.
    const statedPurpose = headerValue(request, PURPOSE_OF_USE_HEADER);
    purposeOfUseFrom(statedPurpose, context.actor.role);

    if (list) return next.handle().pipe(mergeMap((answer) => this.recordList(request, context, list, statedPurpose, answer)));

    return next.handle().pipe(
      mergeMap(async (answer) => {
        let written: Promise<void> | undefined;
        try {
          written = this.recordRead(request, context, declaredKind ?? CLIENT_RECORD, statedPurpose, answer);
        } catch (error) {
          // A bug in building the record is logged; it must not turn the read into a 500.
          this.logger.error(
            { message: 'could not record a read in the access log', route: routeTemplateOf(request), error: (error as Error)?.message },
            undefined,
            'access-log',
          );
        }
        try {
          await written;
        } catch {
          // The buffer has logged the store's refusal; the reader gets no record without its log entry.
          throw new ServiceUnavailableException(
            'the read could not be recorded in the access log, so its answer is withheld; nothing was changed, retry shortly',
          );
        }
        return answer;
      }),
    );
  }

  /** The page once a record per client it shows is in the event store; a 503 if the store refused them, a 500 if they could not be told. */
  private async recordList(
    request: HttpRequest,
    context: RequestContext,
    list: ClientListRead,
    statedPurpose: string | undefined,
    answer: unknown,
  ): Promise<unknown> {
    const route = routeTemplateOf(request);
    let records: AccessRecord[];
    try {
      records = this.listRecords(request, context, list, statedPurpose, route, answer);
    } catch (error) {
      // Unlike a single read (whose client may simply be unknown), a list that names its
      // clients in a shape the route did not declare is a bug: it is withheld, never shown unlogged.
      this.logger.error(
        {
          message: 'could not tell the clients of a list for the access log; the list is withheld',
          route,
          error: (error as Error)?.message,
        },
        undefined,
        'access-log',
      );
      throw new InternalServerErrorException('the list could not be recorded in the access log, so it is withheld; nothing was changed');
    }
    try {
      await this.accessLog.recordList(records);
    } catch {
      throw new ServiceUnavailableException(
        'the list could not be recorded in the access log, so it is withheld; nothing was changed, retry shortly',
      );
    }
    return answer;
  }

  private listRecords(
    request: HttpRequest,
    context: RequestContext,
    list: ClientListRead,
    statedPurpose: string | undefined,
    route: string,
    answer: unknown,
  ): AccessRecord[] {
    const actor = context.actor!;
    const fallbackSite = context.resource?.siteId ?? namedSiteOf(request) ?? NO_SITE_KNOWN;
    const accessedAt = new Date().toISOString();
    const resourceIds = idParamsOf(request);
    return listedClientsOf(answer, list.rowsOf).map(({ clientId, siteId = fallbackSite }) => {
      // The role that admits the caller at that client's site: a list may span the caller's sites.
      const role = admittedRoleAt(actor, actor.admittedRoles, siteId) ?? context.resource?.role ?? actor.role;
      return {
        clientId,
        userId: actor.userId,
        role,
        siteId,
        service: this.accessLog.settings.service,
        what: { method: request.method ?? 'GET', route, resourceKind: list.kind, resourceIds },
        accessedAt,
        purposeOfUse: purposeOfUseFrom(statedPurpose, role),
        correlationId: context.correlationId,
        causationId: context.causationId,
      };
    });
  }

  private recordRead(
    request: HttpRequest,
    context: RequestContext,
    resourceKind: string,
    statedPurpose: string | undefined,
    answer: unknown,
  ): Promise<void> | undefined {
    const actor = context.actor!;
    const route = routeTemplateOf(request);
    const clientId = typeof request.params?.clientId === 'string' ? request.params.clientId : clientIdOf(answer);
    if (clientId === undefined) {
      this.logger.warn(
        { message: 'a route marked @ReadsClientRecord answered without a clientId; the read is not in the access log', route },
        'access-log',
      );
      return undefined;
    }
    // The role that admitted the caller at the client's site, which may differ from the one
    // the guard saw first (a clinician at this site who is also an auditor elsewhere).
    const role = context.resource?.role ?? actor.role;
    return this.accessLog.record({
      clientId,
      userId: actor.userId,
      role,
      siteId: context.resource?.siteId ?? namedSiteOf(request) ?? NO_SITE_KNOWN,
      service: this.accessLog.settings.service,
      what: { method: request.method ?? 'GET', route, resourceKind, resourceIds: idParamsOf(request) },
      accessedAt: new Date().toISOString(),
      purposeOfUse: purposeOfUseFrom(statedPurpose, role),
      correlationId: context.correlationId,
      causationId: context.causationId,
    });
  }
}

/**
 * A route that reaches the client by another id answers with the record, which names its
 * client: at the top (`{ clientId, … }`) or in the record it wraps (`{ episode: { clientId } }`).
 */
function clientIdOf(answer: unknown): string | undefined {
  if (!isRecord(answer)) return undefined;
  const candidates = [answer.clientId, ...Object.values(answer).map((value) => (isRecord(value) ? value.clientId : undefined))];
  return candidates.find((clientId): clientId is string => typeof clientId === 'string' && PLAIN_ID.test(clientId));
}

/**
 * Each client a list shows, once (a client with two rows at one site was read once), with the
 * site its row names. Throws when a row names no client: the list cannot be accounted for.
 */
export function listedClientsOf(answer: unknown, rowsOf: ListedRowsOf): Array<{ clientId: string; siteId?: string }> {
  const listed = new Map<string, { clientId: string; siteId?: string }>();
  for (const row of rowsOf(answer)) {
    if (!isRecord(row) || typeof row.clientId !== 'string' || !PLAIN_ID.test(row.clientId)) {
      throw new TypeError('a row of the list names no clientId');
    }
    const clientId = row.clientId;
    const siteId = typeof row.siteId === 'string' && PLAIN_ID.test(row.siteId) ? row.siteId : undefined;
    const key = `${clientId} ${siteId ?? ''}`;
    if (!listed.has(key)) listed.set(key, siteId === undefined ? { clientId } : { clientId, siteId });
  }
  return [...listed.values()];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function namedSiteOf(request: HttpRequest): string | undefined {
  const site = request.params?.siteId ?? request.query?.siteId;
  return typeof site === 'string' && PLAIN_ID.test(site) ? site : undefined;
}

function idParamsOf(request: HttpRequest): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.params ?? {})) {
    if (typeof value === 'string' && PLAIN_ID.test(value)) ids[name] = value;
  }
  return ids;
}
