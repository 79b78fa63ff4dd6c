// One JSON object per line on stdout: the format log collectors parse without configuration.
// Each line carries the request's correlation id, so one user action can be followed across
// services.
import { type LoggerService } from '@nestjs/common';
import { LOG_LEVELS, type LogLevelName } from '../config/service-config.js';
import { currentRequestContext } from '../context/request-context.js';
import { traceIdsOf } from '../tracing/service-tracing.js';
import { withoutPersonalData } from './personal-data.js';
import { stdoutSink } from './stdout-sink.js';

export type LogSink = (line: string) => void;

export type JsonLoggerOptions = {
  service: string;
  level?: LogLevelName;
  /** Where lines go; stdout, gathered into few writes (stdout-sink.ts), unless a test collects them. */
  sink?: LogSink;
};

const STACK_TRACE = /\n\s+at /;

export class JsonLogger implements LoggerService {
  private enabled: Set<string>;
  private readonly sink: LogSink;

  constructor(private readonly options: JsonLoggerOptions) {
    this.enabled = new Set(LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(options.level ?? 'log') + 1));
    this.sink = options.sink ?? stdoutSink();
  }

  log(message: unknown, ...optional: unknown[]): void {
    this.write('log', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('verbose', message, optional);
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }
  setLogLevels(levels: string[]): void {
    this.enabled = new Set(levels);
  }

  private write(level: LogLevelName, message: unknown, optional: unknown[]): void {
    if (!this.enabled.has(level)) return;
    // Nest's convention: the last string argument is the context; for errors a string that
    // looks like a stack trace is the stack.
    const params = [...optional];
    const context =
      params.length > 0 && typeof params.at(-1) === 'string' && !STACK_TRACE.test(params.at(-1) as string)
        ? (params.pop() as string)
        : undefined;
    const fields: Record<string, unknown> = {};
    for (const param of params) {
      if (typeof param === 'string') fields.stack = param;
      else if (param instanceof Error) Object.assign(fields, { error: param.name, stack: param.stack });
      else if (param && typeof param === 'object') Object.assign(fields, param);
    }
    if (message instanceof Error) Object.assign(fields, { error: message.name, stack: message.stack });
    else if (message && typeof message === 'object') Object.assign(fields, message);

    const { value, dropped } = withoutPersonalData(fields);
    const entry = {
      time: new Date().toISOString(),
      level,
      service: this.options.service,
      context,
      correlationId: currentRequestContext()?.correlationId,
      // The span active now (a request's, a consumer's): the log line joins its trace.
      ...traceIdsOf(),
      ...(typeof message === 'string' ? { message } : message instanceof Error ? { message: message.message } : {}),
      ...(value as Record<string, unknown>),
      ...(dropped.length > 0 ? { droppedPersonalData: dropped } : {}),
    };
    this.sink(`${JSON.stringify(entry)}\n`);
  }
}
