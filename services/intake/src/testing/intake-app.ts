// The intake service as its end-to-end specs build it: libs/testing's service test app (stores
// in a temporary folder, the embedded bus, on which intake consumes aftercare's readmission
// recommendations as main.ts connects it), on the system clock unless a spec passes one it
// moves. Excluded from the build (`**/testing/**`).
import { type Clock, systemClock } from '@continuum/platform';
import { type ServiceTestApp, startServiceTestApp } from '@continuum/service-testing';
import { intakeServiceConfig } from '../intake.config.js';
import { intakeModule } from '../intake.module.js';

export { bearer, tokenFor } from '@continuum/service-testing';

export const today = () => new Date().toISOString().slice(0, 10);
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export type IntakeTestApp = ServiceTestApp;

export type IntakeTestAppOptions = {
  /** Share a folder with other services' apps (one event store, one embedded bus). */
  folder?: string;
  env?: Record<string, string>;
  /** A ManualClock to move time (the C-SSRS window, follow-ups falling due); the system clock otherwise. */
  clock?: Clock;
};

export async function startIntakeTestApp(name: string, options: IntakeTestAppOptions = {}): Promise<IntakeTestApp> {
  const { clock = systemClock, ...rest } = options;
  return startServiceTestApp(intakeModule(clock), { serviceName: 'intake', config: intakeServiceConfig, name, ...rest });
}
