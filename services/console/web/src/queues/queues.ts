// The work queues the console shows, each a service's own paged list with its `total`
// (docs/domain/work-queues.md#the-queues). `roles` are the roles the service admits to the list:
// the page asks only for the queues a role the user holds at the site admits, and hides one the
// service refuses anyway (403). Paths carry ids and codes only; a paged queue's page is asked
// for by paging.ts.
import type { ServiceName } from '../api';

export type QueueRow = { clientId: string; siteId?: string; [field: string]: unknown };
export type QueuePage = { total: number; items: QueueRow[]; nextCursor?: string | null };

export type Queue = {
  id: string;
  label: string;
  /** Where the list is: one service's path, or (break-the-glass) the same path at each service that grants. */
  sources: { service: ServiceName; path: (siteId: string) => string }[];
  roles: readonly string[];
  /** Whether the list pages with the service's cursors (`limit`, `after`): false for the lists a service answers whole. */
  paged: boolean;
  /** What the row waits for, in a few words (dates and codes only). */
  detail: (row: QueueRow) => string;
};

const CLINICAL_STAFF = ['clinician', 'prescriber', 'nurse', 'case-manager', 'clinical-supervisor'] as const;
const SITE_STAFF = [...CLINICAL_STAFF, 'site-admin'] as const;
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export const BREAK_THE_GLASS_QUEUE = 'break-the-glass';
/** The services that grant break-the-glass (each lists its own grants: docs/domain/work-queues.md#known-gaps). */
const GRANTING: ServiceName[] = ['intake', 'treatment-plan', 'dual-diagnosis', 'aftercare'];

export const QUEUES: readonly Queue[] = [
  {
    id: 'safety-follow-ups',
    label: 'Safety follow-ups',
    sources: [{ service: 'intake', path: (site) => `safety-follow-ups?siteId=${site}` }],
    paged: true,
    roles: ['intake-coordinator', ...CLINICAL_STAFF],
    detail: (row) => `due ${text(row.dueAt)}`,
  },
  {
    id: 'overdue-reviews',
    label: 'Overdue plan reviews',
    sources: [{ service: 'treatment-plan', path: (site) => `reviews/overdue?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
    detail: (row) => `review due ${text(row.nextReviewDue)}, ${text(row.daysOverdue)} days overdue`,
  },
  {
    id: 'reviews-needed',
    label: 'Reviews a screening asks for',
    sources: [{ service: 'treatment-plan', path: (site) => `reviews/needed?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
    detail: (row) => `since ${text(row.reviewNeededSince)}`,
  },
  {
    id: 'under-dosed-weeks',
    label: 'Under-dosed weeks',
    sources: [{ service: 'treatment-plan', path: (site) => `weeks/under-dosed?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
    detail: (row) => `week of ${text(row.weekStart)}: ${text(row.hours)} of ${text(row.minimum)} hours`,
  },
  {
    id: 'discharge-ready',
    label: 'Discharge-ready',
    sources: [{ service: 'treatment-plan', path: (site) => `discharge-ready?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
    detail: (row) => `${text(row.soberDays)} sober days`,
  },
  {
    id: 'expiring-authorizations',
    label: 'Expiring authorisations',
    sources: [{ service: 'treatment-plan', path: (site) => `authorizations/expiring?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
    detail: (row) => `through ${text(row.throughDate)} (${text(row.daysLeft)} days left)`,
  },
  {
    id: 'drug-tests-due',
    label: 'Random drug tests due',
    sources: [{ service: 'treatment-plan', path: (site) => `sites/${site}/drug-tests/due` }],
    paged: false,
    roles: SITE_STAFF,
    detail: (row) => `${text(row.date)}${row.tested ? ', tested' : ''}`,
  },
  {
    id: 'referrals-awaiting-consent',
    label: 'Referrals awaiting consent',
    sources: [{ service: 'dual-diagnosis', path: (site) => `sites/${site}/referrals/awaiting-consent` }],
    paged: true,
    roles: ['intake-coordinator', ...SITE_STAFF],
    detail: (row) => `due ${text(row.dueAt)}`,
  },
  {
    id: 'overdue-referrals',
    label: 'Overdue referrals',
    sources: [{ service: 'dual-diagnosis', path: (site) => `sites/${site}/referrals/overdue` }],
    paged: true,
    roles: ['intake-coordinator', ...SITE_STAFF],
    detail: (row) => `due ${text(row.dueAt)}, escalation ${text(row.escalationLevel)}`,
  },
  {
    id: 'check-ins-due',
    label: 'Aftercare check-ins due',
    sources: [{ service: 'aftercare', path: (site) => `aftercare/check-ins/due?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
    detail: (row) => `due ${text(row.dueDate)}`,
  },
  {
    id: 'check-ins-missed',
    label: 'Aftercare check-ins missed',
    sources: [{ service: 'aftercare', path: (site) => `aftercare/check-ins/missed?siteId=${site}` }],
    paged: true,
    roles: SITE_STAFF,
    detail: (row) => `due ${text(row.dueDate)}${row.isMarked ? ', marked missed' : ''}`,
  },
  {
    id: BREAK_THE_GLASS_QUEUE,
    label: 'Break-the-glass to review',
    sources: GRANTING.map((service) => ({ service, path: (site: string) => `break-the-glass?siteId=${site}&status=to-review` })),
    paged: false,
    roles: ['clinical-supervisor'],
    detail: (row) => `${text(row.userId)} (${text(row.role)}) at ${text(row.grantedAt)}`,
  },
];
