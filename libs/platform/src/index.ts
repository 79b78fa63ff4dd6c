export * from './config/config-schema.js';
export * from './config/service-config.js';
export { ROLES, STAFF_ROLES, NETWORK_ROLES, type Role, type NetworkRole, type Principal, isRole, isNetworkRole } from './auth/roles.js';
export * from './auth/access.decorators.js';
export * from './auth/access.guard.js';
export * from './auth/site-access.js';
export * from './auth/break-the-glass.js';
export * from './auth/break-the-glass-review.js';
export * from './auth/readable-only.js';
export * from './auth/break-the-glass.controller.js';
export * from './auth/token-verifier.js';
export * from './auth/dev-token.js';
export {
  REQUEST_CONTEXT_KEY,
  type WithRequestContext,
  runInRequestContext,
  currentRequestContext,
  requestContextOf,
} from './context/request-context.js';
// `Actor`, `RequestContext` and `RequestCause` are each both a type and a parameter decorator.
export * from './context/request-context.middleware.js';
export * from './context/context.decorators.js';
export * from './context/command-cause.js';
export * from './errors/problem.js';
export * from './errors/problem-exceptions.js';
export * from './errors/problem-details.filter.js';
export * from './errors/validation.js';
export * from './validation/text.js';
export * from './http/rate-limits.js';
export * from './http/security-headers.js';
export * from './idempotency/request-fingerprint.js';
export * from './idempotency/idempotency-keys.js';
export { IdempotencyKeyStore, idempotencyCollectionName } from './idempotency/idempotency-key-store.js';
export * from './health/readiness.js';
export * from './health/health.controller.js';
export * from './logging/json-logger.js';
export * from './logging/personal-data.js';
export * from './logging/request-log.middleware.js';
export * from './metrics/service-metrics.js';
export {
  METRICS_ROUTES,
  METRICS_SETTINGS,
  type MetricsSettings,
  MetricsController,
  holdsMetricsToken,
} from './metrics/metrics.controller.js';
export * from './tracing/service-tracing.js';
export * from './openapi/openapi.js';
export * from './openapi/response-recorder.js';
export * from './openapi/schemas.js';
export * from './platform.module.js';
export * from './bootstrap/service-app.js';
export { listenHost } from './bootstrap/http-platform.js';
export * from './event-store/event-store.module.js';
export * from './read-store/projections.module.js';
export * from './read-store/read-store.module.js';
export * from './read-store/list-page.js';
export * from './clock.js';
export * from './timing/eventually.js';
export * from './timing/interval-timer.js';
export * from './timing/deadline-command.js';
export * from './access-log/purpose-of-use.js';
export * from './access-log/access-record.js';
export * from './access-log/reads-client-record.decorator.js';
export * from './access-log/reads-client-list.decorator.js';
export { AccessLog, type AccessLogSettings } from './access-log/access-log.js';
