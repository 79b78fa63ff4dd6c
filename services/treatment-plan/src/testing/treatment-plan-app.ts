// The treatment-plan service as its end-to-end specs build it (libs/testing's service test app),
// with a ManualClock the spec moves and the scheduler's timer off (specs call tick(now)).
// Excluded from the build (`**/testing/**`).
import { type ClientAdmittedV1, type IntegrationEvent, TOPICS } from '@continuum/contracts';
import { type LogSink, ManualClock, eventually } from '@continuum/platform';
import { type ServiceTestApp, startServiceTestApp, withExtras } from '@continuum/service-testing';
import { episodeIdForAdmission } from '../application/ids.js';
import { Scheduler } from '../application/scheduler.js';
import { planStream } from '../domain/index.js';
import { treatmentPlanServiceConfig } from '../treatment-plan.config.js';
import { treatmentPlanModule } from '../treatment-plan.module.js';
import { clientAdmitted } from './fixtures.js';

export { bearer, tokenFor } from '@continuum/service-testing';
// Still imported from here by tools/audit's specs; everything else imports it from @continuum/platform.
export { eventually } from '@continuum/platform';

export type TreatmentPlanTestApp = Omit<ServiceTestApp, 'publish'> & {
  readonly clock: ManualClock;
  scheduler(): Scheduler;
  /** Publishes an event on the bus as another service's relay would (intake's ClientAdmitted, dual-diagnosis's ReferralCompleted). */
  publish(event: IntegrationEvent): Promise<void>;
  /** Publishes intake's ClientAdmitted and waits for the draft plan; planId = episodeId. */
  admit(
    overrides?: Partial<ClientAdmittedV1>,
  ): Promise<{ admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>; episodeId: string }>;
};

export type TreatmentPlanTestAppOptions = {
  /** Share a folder with another service's app (one event store, one embedded bus). */
  folder?: string;
  now?: Date;
  env?: Record<string, string>;
  /** Where the service's JSON log lines go (nowhere unless a spec reads them; LOG_LEVEL in `env` says how much). */
  logSink?: LogSink;
};

export async function startTreatmentPlanTestApp(name: string, options: TreatmentPlanTestAppOptions = {}): Promise<TreatmentPlanTestApp> {
  const clock = new ManualClock(options.now ?? new Date());
  const service = await startServiceTestApp(treatmentPlanModule(clock), {
    serviceName: 'treatment-plan',
    config: treatmentPlanServiceConfig,
    name,
    folder: options.folder,
    env: { SCHEDULER_INTERVAL_MS: '0', ...options.env },
    logSink: options.logSink,
  });
  const publish = (event: IntegrationEvent) => service.publish(event.source === 'intake' ? TOPICS.intake : TOPICS.dualDiagnosis, event);
  return withExtras(service, {
    clock,
    scheduler: () => service.app.get(Scheduler),
    publish,
    async admit(overrides: Partial<ClientAdmittedV1> = {}) {
      const admitted = clientAdmitted(overrides);
      await publish(admitted);
      const episodeId = episodeIdForAdmission(admitted.data.admissionId);
      await eventually(
        async () => ((await service.typesIn(planStream(episodeId))).includes('PlanDrafted') ? true : undefined),
        'the draft plan',
      );
      return { admitted, episodeId };
    },
  });
}
