import { SetMetadata } from '@nestjs/common';

export const READS_CLIENT_RECORD_KEY = 'continuum:reads-client-record';

/** The kind recorded for a read that names no kind: a GET of a route with a `clientId` parameter. */
export const CLIENT_RECORD = 'client-record';

/**
 * This route reads a client's record: every successful call is written to the access log
 * under `resourceKind` (a code, e.g. 'referral'). A GET with a `clientId` route parameter is
 * logged without it; put it on a route that reaches the client by another id (an episode, a
 * referral; the answer then names the clientId), on a read that is not a GET, or to give the
 * kind of record a name.
 */
export const ReadsClientRecord = (resourceKind: string) => SetMetadata(READS_CLIENT_RECORD_KEY, resourceKind);
