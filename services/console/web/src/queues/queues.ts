// The work queues the console shows: the catalogue's queues (src/queues/queue-catalogue.ts, shared
// with the console's server) and how a row of each reads (dates and codes only). The page asks
// only for the queues a role the user holds at the site admits, and hides one the service
// refuses anyway (403); a queue's page is read by queue-page.ts.
import { BREAK_THE_GLASS_QUEUE, QUEUE_CATALOGUE, type QueueEntry } from '../../../src/queues/queue-catalogue';

export { BREAK_THE_GLASS_QUEUE };
export type QueueRow = { clientId: string; siteId?: string; [field: string]: unknown };
export type QueuePage = { total: number; items: QueueRow[]; nextCursor?: string | null };

export type Queue = QueueEntry & {
  /** What the row waits for, in a few words (dates and codes only). */
  detail: (row: QueueRow) => string;
};

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** How a row of each queue reads, by the queue's id. */
const DETAILS: Record<string, Queue['detail']> = {
  'safety-follow-ups': (row) => `due ${text(row.dueAt)}`,
  'overdue-reviews': (row) => `review due ${text(row.nextReviewDue)}, ${text(row.daysOverdue)} days overdue`,
  'reviews-needed': (row) => `since ${text(row.reviewNeededSince)}`,
  'under-dosed-weeks': (row) => `week of ${text(row.weekStart)}: ${text(row.hours)} of ${text(row.minimum)} hours`,
  'discharge-ready': (row) => `${text(row.soberDays)} sober days`,
  'expiring-authorizations': (row) => `through ${text(row.throughDate)} (${text(row.daysLeft)} days left)`,
  'drug-tests-due': (row) => `${text(row.date)}${row.tested ? ', tested' : ''}`,
  'referrals-awaiting-consent': (row) => `due ${text(row.dueAt)}`,
  'overdue-referrals': (row) => `due ${text(row.dueAt)}, escalation ${text(row.escalationLevel)}`,
  'check-ins-due': (row) => `due ${text(row.dueDate)}`,
  'check-ins-missed': (row) => `due ${text(row.dueDate)}${row.isMarked ? ', marked missed' : ''}`,
  [BREAK_THE_GLASS_QUEUE]: (row) => `${text(row.userId)} (${text(row.role)}) at ${text(row.grantedAt)}`,
};

export const QUEUES: readonly Queue[] = QUEUE_CATALOGUE.map((entry) => ({ ...entry, detail: DETAILS[entry.id] ?? (() => '') }));
