// The work queues: each a service's own list, read through the console's proxy, and the roles the
// service admits to it (docs/domain/work-queues.md#the-queues). One catalogue for the pages
// (web/src/queues/queues.ts adds how a row reads) and the server, which names the first tab's
// first page in the queues page's HTML for preloading (web-app/page-preloads.ts). Paths carry
// ids and codes only.
import { holdsAt, type RolesHeld } from '../session/site-roles.js';

export type QueueService = 'intake' | 'treatment-plan' | 'dual-diagnosis' | 'aftercare';
/** A queue's list at one service: its path below the service's API for a site id (given encoded). */
export type QueueSource = { service: QueueService; path: (encodedSiteId: string) => string };

export type QueueEntry = {
  id: string;
  label: string;
  /** Where the list is: one service's path, or (break-the-glass) the same path at each service that grants. */
  sources: readonly QueueSource[];
  /** The roles the service admits to the list: a page asks only for the queues a role the user holds at the site admits. */
  roles: readonly string[];
  /** Whether the list pages with the service's cursors (`limit`, `after`): false for the lists a service answers whole. */
  paged: boolean;
};

/** How many rows a page of a queue shows: the services' default page. */
export const QUEUE_PAGE_SIZE = 25;

/** A queue's path with the page asked for: `limit`, and `after` past the first page (the cursor encoded as it came). */
export function pagePath(path: string, after: string | undefined, limit = QUEUE_PAGE_SIZE): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (after !== undefined) query.set('after', after);
  return `${path}${path.includes('?') ? '&' : '?'}${query.toString()}`;
}

const CLINICAL_STAFF = ['clinician', 'prescriber', 'nurse', 'case-manager', 'clinical-supervisor'] as const;
const SITE_STAFF = [...CLINICAL_STAFF, 'site-admin'] as const;

export const BREAK_THE_GLASS_QUEUE = 'break-the-glass';
/** The services that grant break-the-glass (each lists its own grants: docs/domain/work-queues.md#known-gaps). */
const GRANTING: QueueService[] = ['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare'];

export const QUEUE_CATALOGUE: readonly QueueEntry[] = [
  {
    id: 'safety-follow-ups',
    label: 'Safety follow-ups',
    sources: [{ service: 'intake', path: (site) => `safety-follow-ups?siteId=${site}` }],
    paged: true,
    roles: ['intake-coordinator', ...CLINICAL_STAFF],
  },
  {
    id: 'overdue-reviews',
    label: 'Overdue plan reviews',
    sources: [{ service: 'treatment-plan', path: (site) => `reviews/overdue?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
  },
  {
    id: 'reviews-needed',
    label: 'Reviews a screening asks for',
    sources: [{ service: 'treatment-plan', path: (site) => `reviews/needed?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
  },
  {
    id: 'under-dosed-weeks',
    label: 'Under-dosed weeks',
    sources: [{ service: 'treatment-plan', path: (site) => `weeks/under-dosed?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
  },
  {
    id: 'discharge-ready',
    label: 'Discharge-ready',
    sources: [{ service: 'treatment-plan', path: (site) => `discharge-ready?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
  },
  {
    id: 'expiring-authorizations',
    label: 'Expiring authorisations',
    sources: [{ service: 'treatment-plan', path: (site) => `authorizations/expiring?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
  },
  {
    id: 'drug-tests-due',
    label: 'Random drug tests due',
    sources: [{ service: 'treatment-plan', path: (site) => `sites/${site}/drug-tests/due` }],
    paged: false,
    roles: SITE_STAFF,
  },
  {
    id: 'referrals-awaiting-consent',
    label: 'Referrals awaiting consent',
    sources: [{ service: 'dual-diagnosis', path: (site) => `sites/${site}/referrals/awaiting-consent` }],
    paged: true,
    roles: ['intake-coordinator', ...SITE_STAFF],
  },
  {
    id: 'overdue-referrals',
    label: 'Overdue referrals',
    sources: [{ service: 'dual-diagnosis', path: (site) => `sites/${site}/referrals/overdue` }],
    paged: true,
    roles: ['intake-coordinator', ...SITE_STAFF],
  },
  {
    id: 'check-ins-due',
    label: 'Aftercare check-ins due',
    sources: [{ service: 'aftercare', path: (site) => `aftercare/check-ins/due?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
  },
  {
    id: 'check-ins-missed',
    label: 'Aftercare check-ins missed',
    sources: [{ service: 'aftercare', path: (site) => `aftercare/check-ins/missed?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
  },
  {
    id: BREAK_THE_GLASS_QUEUE,
    label: 'Break-the-glass to review',
    sources: GRANTING.map((service) => ({
      service,
      path: (site: string) => `break-the-glass?siteId=${site}&status=to-review`,
    })),
    paged: false,
    roles: ['clinical-supervisor'],
  },
];

/** The site the queues page opens at: the user's first. */
export const firstSite = (user: RolesHeld): string => user.sites[0] ?? '';

/** The queues a role the user holds at the site admits, in the order of their tabs. */
export const admittedQueues = <Queue extends QueueEntry>(queues: readonly Queue[], user: RolesHeld, siteId: string): Queue[] =>
  queues.filter((queue) => queue.roles.some((role) => holdsAt(user, role, siteId)));

/** A page of a queue as one source answers it, below that service's API: a page of a paged list (the first without `after`), else the whole list. */
export function queueReadPath(queue: QueueEntry, source: QueueSource, siteId: string, after?: string): string {
  // Encoded once here: a site id is the token's, and must not add or cut a path's query.
  const path = source.path(encodeURIComponent(siteId));
  return queue.paged ? pagePath(path, after) : path;
}

/** The console's addresses the queues page reads first when it opens: each source of the first tab the user has, at the user's first site. */
export function firstTabReads(user: RolesHeld): string[] {
  const site = firstSite(user);
  const first = site ? admittedQueues(QUEUE_CATALOGUE, user, site)[0] : undefined;
  // The console's proxy to the services (proxy/service-proxy.controller.ts: `api/v1/services/*`), as the pages' get() asks it.
  return first ? first.sources.map((source) => `/api/v1/services/${source.service}/${queueReadPath(first, source, site)}`) : [];
}
