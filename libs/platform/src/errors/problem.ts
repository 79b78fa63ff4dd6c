// RFC 9457 problem details: every error a client of ours sees has this one shape, so a
// caller (or the walkthrough script) handles failures without guessing the format.
import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export type Problem = {
  /** A URI naming the kind of problem; `about:blank` when the status says it all. */
  type: string;
  title: string;
  status: number;
  /** What went wrong in this occurrence and what to do next. */
  detail: string;
  /** The request path (never the query string: it may carry search terms). */
  instance: string;
  correlationId?: string;
  [extension: string]: unknown;
};

/** Our problem types are URNs: stable names that need no web page behind them. */
export function problemType(slug: string): string {
  return `urn:continuum:problem:${slug}`;
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
