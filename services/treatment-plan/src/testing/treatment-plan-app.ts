// The treatment-plan service as its end-to-end specs build it (libs/testing's service test app),
// with a ManualClock the spec moves and the scheduler's timer off (specs call tick(now)).
// Excluded from the build (`**/testing/**`).
import { type ClientAdmittedV1, type IntegrationEvent, TOPICS } from '@continuum/contracts';
import { type LogSink, ManualClock, eventually } from '@continuum/platform';
import { type ServiceTestApp, bearer, startServiceTestApp, tokenFor, withExtras } from '@continuum/service-testing';
import { episodeIdForAdmission } from '../application/ids.js';
import { Scheduler } from '../application/scheduler.js';
import { type CareTeamMember, planStream } from '../domain/index.js';
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
  /**
   * Publishes intake's ClientAdmitted and waits for the draft plan; planId = episodeId. The
   * episode's care team is then assigned (by the site's clinical supervisor, over HTTP) when
   * the app or the call names one.
   */
  admit(
    overrides?: Partial<ClientAdmittedV1>,
    options?: { careTeam?: CareTeamMember[] },
  ): Promise<{ admitted: IntegrationEvent<'ClientAdmitted', ClientAdmittedV1>; episodeId: string }>;
  /**
   * Assigns the episode's care team as the site's clinical supervisor (`supervisor-<site>`)
   * would, once the episode's draft plan is there (an admission heard over the bus).
   */
  assignCareTeam(episodeId: string, siteId: string, members: CareTeamMember[]): Promise<void>;
};

export type TreatmentPlanTestAppOptions = {
  /** Share a folder with another service's app (one event store, one embedded bus). */
  folder?: string;
  now?: Date;
  env?: Record<string, string>;
  /** Where the service's JSON log lines go (nowhere unless a spec reads them; LOG_LEVEL in `env` says how much). */
  logSink?: LogSink;
  /** The care team every admission gets (as the spec's staff are named), unless the call says otherwise. */
  careTeam?: CareTeamMember[];
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
  async function assignCareTeam(episodeId: string, siteId: string, members: CareTeamMember[]): Promise<void> {
    await eventually(
      async () => ((await service.typesIn(planStream(episodeId))).includes('PlanDrafted') ? true : undefined),
      `the draft plan of episode ${episodeId}`,
      60_000,
    );
    const supervisor = await tokenFor('clinical-supervisor', [siteId], `supervisor-${siteId}`);
    const response = await service.http().put(`/api/v1/episodes/${episodeId}/care-team`).set(bearer(supervisor)).send({ members });
    if (response.status !== 200) throw new Error(`assigning the care team answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  const publish = (event: IntegrationEvent) => service.publish(event.source === 'intake' ? TOPICS.intake : TOPICS.dualDiagnosis, event);
  return withExtras(service, {
    clock,
    scheduler: () => service.app.get(Scheduler),
    publish,
    assignCareTeam,
    async admit(overrides: Partial<ClientAdmittedV1> = {}, admitOptions: { careTeam?: CareTeamMember[] } = {}) {
      const admitted = clientAdmitted(overrides);
      await publish(admitted);
      const episodeId = episodeIdForAdmission(admitted.data.admissionId);
      await eventually(
        async () => ((await service.typesIn(planStream(episodeId))).includes('PlanDrafted') ? true : undefined),
        'the draft plan',
      );
      const careTeam = admitOptions.careTeam ?? options.careTeam;
      if (careTeam && careTeam.length > 0) await assignCareTeam(episodeId, admitted.data.siteId, careTeam);
      return { admitted, episodeId };
    },
  });
}
