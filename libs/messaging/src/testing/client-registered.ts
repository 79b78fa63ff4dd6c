/** Intake's ClientRegistered as a consumer receives it: meets its envelope and contract; overrides change any field. */
export const CLIENT = '3f1c2b9a-5d4e-4f6a-8b7c-1d2e3f4a5b6c';
export const EVENT_ID = '00000000-0000-4000-8000-000000000999';

export const registered = (overrides: Record<string, unknown> = {}) => ({
  eventId: EVENT_ID,
  type: 'ClientRegistered',
  schemaVersion: 1,
  source: 'intake',
  occurredAt: '2026-01-15T09:00:00.000Z',
  clientId: CLIENT,
  siteId: 'site-north',
  correlationId: 'request-7f3a',
  causationId: EVENT_ID,
  data: { clientId: CLIENT, siteId: 'site-north', possibleDuplicateOf: [], registeredAt: '2026-01-15T09:00:00.000Z' },
  ...overrides,
});
