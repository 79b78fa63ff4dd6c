// The dual-diagnosis service as its end-to-end specs build it (libs/testing's service test app),
// with a ManualClock the spec moves, the overdue timer off (specs call tick(now)) and short bus
// retries. Excluded from the build (`**/testing/**`).
import { randomUUID } from 'node:crypto';
import { type IntegrationEvent, TOPICS } from '@continuum/contracts';
import { ManualClock, eventually } from '@continuum/platform';
import { type ServiceTestApp, bearer, startServiceTestApp, withExtras } from '@continuum/service-testing';
import { OverdueScheduler } from '../application/overdue-scheduler.js';
import { dualDiagnosisServiceConfig } from '../dual-diagnosis.config.js';
import { dualDiagnosisModule } from '../dual-diagnosis.module.js';
import { conditionIdentified } from './integration-events.js';

export { bearer, tokenFor } from '@continuum/service-testing';

export type DualDiagnosisTestApp = Omit<ServiceTestApp, 'publish'> & {
  readonly clock: ManualClock;
  scheduler(): OverdueScheduler;
  /** Publishes an event on the bus as another service's relay would (intake's, treatment-plan's). */
  publish(event: IntegrationEvent): Promise<void>;
  /**
   * A new client whose co-occurring depression intake found at `siteId` at `identifiedAt`, and the
   * referral it opened, once the site's list (read with `reader`, a token) shows it.
   */
  clientWithReferral(siteId: string, identifiedAt: Date, reader: string): Promise<{ clientId: string; referralId: string }>;
};

export type DualDiagnosisTestAppOptions = {
  /** Share a folder with another service's app (one event store, one embedded bus). */
  folder?: string;
  now?: Date;
  env?: Record<string, string>;
};

const TOPIC_OF_SOURCE: Record<string, string> = {
  intake: TOPICS.intake,
  'treatment-plan': TOPICS.treatmentPlan,
  'dual-diagnosis': TOPICS.dualDiagnosis,
  aftercare: TOPICS.aftercare,
};

export async function startDualDiagnosisTestApp(name: string, options: DualDiagnosisTestAppOptions = {}): Promise<DualDiagnosisTestApp> {
  const clock = new ManualClock(options.now ?? new Date());
  const service = await startServiceTestApp(dualDiagnosisModule(clock), {
    serviceName: 'dual-diagnosis',
    config: dualDiagnosisServiceConfig,
    name,
    folder: options.folder,
    env: { OVERDUE_CHECK_INTERVAL_MS: '0', BUS_RETRY_BASE_MS: '20', ...options.env },
  });
  return withExtras(service, {
    clock,
    scheduler: () => service.app.get(OverdueScheduler),
    async publish(event: IntegrationEvent) {
      const topic = TOPIC_OF_SOURCE[event.source];
      if (!topic) throw new Error(`no topic for source ${event.source}`);
      await service.publish(topic, event);
    },
    async clientWithReferral(siteId: string, identifiedAt: Date, reader: string) {
      const clientId = randomUUID();
      await service.publish(TOPICS.intake, conditionIdentified(clientId, 'depression', siteId, identifiedAt.toISOString()));
      const referralId = await eventually(async () => {
        await service.settled();
        const rows = (await service.http().get(`/api/v1/sites/${siteId}/referrals`).set(bearer(reader))).body.items as Array<
          Record<string, string>
        >;
        return rows.find((row) => row.clientId === clientId)?.referralId;
      }, `the referral of ${clientId}`);
      return { clientId, referralId };
    },
  });
}
