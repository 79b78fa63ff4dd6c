// The intake service as its end-to-end specs build it: libs/testing's service test app (stores
// in a temporary folder, the embedded bus, on which intake consumes aftercare's readmission
// recommendations as main.ts connects it), on the system clock unless a spec passes one it
// moves. Excluded from the build (`**/testing/**`).
import { type Clock, systemClock } from '@continuum/platform';
import { type ServiceTestApp, startServiceTestApp, withExtras } from '@continuum/service-testing';
import { SafetyFollowUpScheduler } from '../application/safety-follow-up-scheduler.js';
import { intakeServiceConfig } from '../intake.config.js';
import { intakeModule } from '../intake.module.js';

export { bearer, tokenFor } from '@continuum/service-testing';

export const today = () => new Date().toISOString().slice(0, 10);
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export type IntakeTestApp = ServiceTestApp & {
  /** The safety follow-up scheduler; its timer is off here (SCHEDULER_INTERVAL_MS=0): specs call tick(now). */
  scheduler(): SafetyFollowUpScheduler;
};

export type IntakeTestAppOptions = {
  /** Share a folder with other services' apps (one event store, one embedded bus). */
  folder?: string;
  env?: Record<string, string>;
  /** A ManualClock to move time (the C-SSRS window, follow-ups falling due); the system clock otherwise. */
  clock?: Clock;
};

export async function startIntakeTestApp(name: string, options: IntakeTestAppOptions = {}): Promise<IntakeTestApp> {
  const { clock = systemClock, env, ...rest } = options;
  const service = await startServiceTestApp(intakeModule(clock), {
    serviceName: 'intake',
    config: intakeServiceConfig,
    name,
    ...rest,
    env: { SCHEDULER_INTERVAL_MS: '0', ...env },
  });
  return withExtras(service, { scheduler: () => service.app.get(SafetyFollowUpScheduler) });
}
