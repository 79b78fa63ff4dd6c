// Which failures mean "the server is gone for now" rather than "this request is wrong": the
// store keeps its subscriptions and its listener alive through the first kind, and retries.

const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash, starting up). */
const SQLSTATE = /^(08|57P)/;

export function isConnectionError(error: unknown): boolean {
  // By shape, not `instanceof Error`: the socket's errors may come from another realm (a test runner's sandbox).
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NODE_CODES.has(code) || SQLSTATE.test(code))) return true;
  // node-postgres says these in words, without a code.
  return (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(message)
  );
}
