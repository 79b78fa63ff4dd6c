// One line per HTTP request: what ran, how it ended, how long it took, for whom. The route
// template is logged, never the raw URL or the body: a query string or a body may carry a
// client's name.
import { type HttpRequest, type HttpResponse } from '../context/http-message.js';
import { requestContextOf } from '../context/request-context.js';
import { type JsonLogger } from './json-logger.js';

export function routeTemplateOf(request: HttpRequest): string {
  return typeof request.route?.path === 'string' ? request.route.path : 'unmatched';
}

/** Plain express middleware: the bootstrap installs it first, so requests refused early are logged too. */
export function requestLog(logger: JsonLogger) {
  return (request: HttpRequest, response: HttpResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    response.once('close', () => {
      const context = requestContextOf(request);
      logger.log(
        {
          message: 'request',
          method: request.method,
          route: routeTemplateOf(request),
          status: response.statusCode,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          completed: response.writableFinished,
          correlationId: context?.correlationId,
          userId: context?.actor?.userId,
        },
        'http',
      );
    });
    next();
  };
}
