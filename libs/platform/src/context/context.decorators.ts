// Parameter decorators so a controller receives the caller and the request's ids as plain
// arguments: `admit(@Body() body: AdmitClientDto, @Actor() actor: Actor)`.
import { type ExecutionContext, InternalServerErrorException, createParamDecorator } from '@nestjs/common';
import { type Actor as ActorType } from '../auth/roles.js';
import { type CommandCause } from './command-cause.js';
import { type RequestContext as RequestContextType, requestContextOf } from './request-context.js';

function contextOf(execution: ExecutionContext): RequestContextType {
  const context = requestContextOf(execution.switchToHttp().getRequest<object>());
  if (!context) throw new InternalServerErrorException('the request context middleware did not run for this route');
  return context;
}

/** The caller admitted by the route (type) and the parameter decorator that supplies it (value). */
export type Actor = ActorType;
export const Actor = createParamDecorator((_data: unknown, execution: ExecutionContext): ActorType => actorOf(execution, '@Actor()'));

function actorOf(execution: ExecutionContext, decorator: string): ActorType {
  const actor = contextOf(execution).actor;
  // Only a @Public() route has no actor, and a public route has no business asking for one.
  if (!actor) throw new InternalServerErrorException(`${decorator} used on a route that admitted no actor (is it @Public()?)`);
  return actor;
}

export type RequestContext = RequestContextType;
export const RequestContext = createParamDecorator((_data: unknown, execution: ExecutionContext): RequestContextType =>
  contextOf(execution),
);

/**
 * The request as the cause of the command it carries (CommandCause): the admitted caller and
 * the request's ids, for `execute(id, command, cause)` (type), and the parameter decorator that
 * supplies it (value).
 */
export type RequestCause = Extract<CommandCause, { kind: 'request' }>;
export const RequestCause = createParamDecorator((_data: unknown, execution: ExecutionContext): RequestCause => ({
  kind: 'request',
  actor: actorOf(execution, '@RequestCause()'),
  request: contextOf(execution),
}));
