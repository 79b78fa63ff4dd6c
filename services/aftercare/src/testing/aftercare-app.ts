// The aftercare service as its end-to-end specs build it (libs/testing's service test app), with
// a ManualClock the spec moves and the scheduler's timer off (specs call tick(now)). A spec may
// share the folder with other services' apps: one event store, one bus. Excluded from the build
// (`**/testing/**`).
import { type IntegrationEvent, TOPICS } from '@continuum/contracts';
import { ManualClock, eventually } from '@continuum/platform';
import { type ServiceTestApp, startServiceTestApp, withExtras } from '@continuum/service-testing';
import { aftercareServiceConfig } from '../aftercare.config.js';
import { aftercareModule } from '../aftercare.module.js';
import { AftercareScheduler } from '../application/scheduler.js';
import { type AftercareRules, aftercarePlanStream, consentFileStream } from '../domain/index.js';

export { bearer, tokenFor } from '@continuum/service-testing';

export type AftercareTestApp = Omit<ServiceTestApp, 'publish' | 'typesIn'> & {
  readonly clock: ManualClock;
  scheduler(): AftercareScheduler;
  /** Publishes an event on the bus as treatment-plan's relay would (EpisodeDischarged, EpisodeOpened). */
  publish(event: IntegrationEvent): Promise<void>;
  /** Publishes an event on the bus as intake's relay would (ConsentGranted, ConsentRevoked, RestrictionAgreed). */
  publishFromIntake(event: IntegrationEvent): Promise<void>;
  /** The types of the events a plan's stream holds, in order. */
  typesIn(planId: string): Promise<string[]>;
  /** Waits until the plan's stream holds an event of this type. */
  waitFor(planId: string, type: string): Promise<void>;
  /** Publishes treatment-plan's CareTeamChanged and waits until aftercare has noted it in the client's file. */
  tellCareTeam(changed: IntegrationEvent<'CareTeamChanged', { clientId: string }>): Promise<void>;
};

export type AftercareTestAppOptions = {
  /** Share a folder with other services' apps (one event store, one embedded bus). */
  folder?: string;
  now?: Date;
  /** The network's rules; from the configuration (`env`) when left out. */
  rules?: AftercareRules;
  env?: Record<string, string>;
};

export async function startAftercareTestApp(name: string, options: AftercareTestAppOptions = {}): Promise<AftercareTestApp> {
  const clock = new ManualClock(options.now ?? new Date());
  const service = await startServiceTestApp(aftercareModule(clock, options.rules), {
    serviceName: 'aftercare',
    config: aftercareServiceConfig,
    name,
    folder: options.folder,
    env: { SCHEDULER_INTERVAL_MS: '0', ...options.env },
  });
  const typesIn = (planId: string) => service.typesIn(aftercarePlanStream(planId));
  return withExtras(service, {
    clock,
    scheduler: () => service.app.get(AftercareScheduler),
    publish: (event: IntegrationEvent) => service.publish(TOPICS.treatmentPlan, event),
    publishFromIntake: (event: IntegrationEvent) => service.publish(TOPICS.intake, event),
    typesIn,
    async waitFor(planId: string, type: string) {
      await eventually(async () => ((await typesIn(planId)).includes(type) ? true : undefined), `${type} on aftercare plan ${planId}`);
    },
    async tellCareTeam(changed: IntegrationEvent<'CareTeamChanged', { clientId: string }>) {
      const file = consentFileStream(changed.data.clientId);
      const noted = async () => (await service.store().readStream(file)).filter((event) => event.type === 'CareTeamNoted').length;
      const before = await noted();
      await service.publish(TOPICS.treatmentPlan, changed);
      await eventually(async () => ((await noted()) > before ? true : undefined), 'the care team noted');
    },
  });
}
