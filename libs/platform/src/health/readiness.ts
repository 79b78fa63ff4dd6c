// Readiness is the sum of what each module knows about its own dependencies: the event store
// module registers "is the store reachable", the messaging module later adds bus lag, the
// projections their lag. The registry runs them all; one down makes the service not ready.
import { Injectable } from '@nestjs/common';

export type CheckResult = { status: 'up' | 'down'; details?: Record<string, unknown> };
export type ReadinessCheck = () => CheckResult | Promise<CheckResult>;
export type ReadinessReport = { status: 'up' | 'down'; checks: Record<string, CheckResult> };

/** A check that hangs counts as down: a probe must answer before the orchestrator gives up. */
export const READINESS_CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  /** Call from a provider's constructor or onModuleInit, e.g. `registry.register('event-store', () => …)`. */
  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`a readiness check named "${name}" is already registered; give each check its own name`);
    this.checks.set(name, check);
  }

  async report(timeoutMs = READINESS_CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runWithTimeout(check, timeoutMs)] as const),
    );
    const checks = Object.fromEntries(entries);
    return { status: entries.every(([, result]) => result.status === 'up') ? 'up' : 'down', checks };
  }
}

async function runWithTimeout(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'down', details: { reason: `no answer within ${timeoutMs} ms` } }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch (error) {
    return { status: 'down', details: { reason: error instanceof Error ? error.message : String(error) } };
  } finally {
    clearTimeout(timer);
  }
}
