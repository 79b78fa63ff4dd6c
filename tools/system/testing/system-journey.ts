// What the system tests share. The buses a journey runs over: the embedded one, and real Kafka
// when KAFKA_BROKERS is set (under CI=true a missing broker is a failing test, not a skip). And
// the services of a journey side by side in this process, on one event store file and one bus,
// each built as its end-to-end specs build it, with the bystander that records what
// treatment-plan publishes. Excluded from the build (`**/testing/**`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { holdExclusive } from '@continuum/testing';
import { type AftercareTestApp, startAftercareTestApp } from '@continuum/aftercare/testing/aftercare-app.js';
import { type IntakeTestApp, startIntakeTestApp } from '@continuum/intake/testing/intake-app.js';
import { type TreatmentPlanTestApp, startTreatmentPlanTestApp } from '@continuum/treatment-plan/testing/treatment-plan-app.js';
import { type JourneyObserver, startJourneyObserver } from '../journey-observer.js';

export type Bus = { name: string; env: Record<string, string> };

/** The buses to run `journey` over, for describe.each; under CI=true without KAFKA_BROKERS it adds a test that fails saying so. */
export function busesFor(journey: string): Bus[] {
  const brokerList = process.env.KAFKA_BROKERS;
  const buses: Bus[] = [{ name: 'the embedded bus', env: { BUS: 'embedded' } }];
  if (brokerList) {
    process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
    buses.push({ name: 'Kafka', env: { BUS: 'kafka', KAFKA_BROKERS: brokerList } });
  } else if (process.env.CI === 'true') {
    describe(`${journey} over Kafka (needs KAFKA_BROKERS)`, () => {
      it('runs in CI against the broker .ci/run starts', () => {
        throw new Error(
          'KAFKA_BROKERS is not set under CI=true: .ci/run must start Kafka (npm run kafka:up) and export KAFKA_BROKERS=127.0.0.1:9092 before the tests',
        );
      });
    });
  }
  return buses;
}

/**
 * Over Kafka the services join their real consumer groups: one journey at a time on the shared
 * broker. Answers the release (nothing to release on the embedded bus).
 */
export async function takeTheBus(bus: Bus): Promise<() => void> {
  return bus.env.BUS === 'kafka' ? holdExclusive('kafka-journeys') : () => undefined;
}

export type JourneyOptions = {
  /** Names the temporary folder. */
  name: string;
  bus: Bus;
  /** Where treatment-plan's clock starts. */
  now: Date;
  /** Aftercare too, its clock starting here. */
  aftercareFrom?: Date;
};

export type JourneyApps = {
  readonly folder: string;
  readonly intake: IntakeTestApp;
  readonly treatmentPlan: TreatmentPlanTestApp;
  readonly aftercare: AftercareTestApp | undefined;
  /** Consumes treatment-plan's topic in its own group and records what it received. */
  readonly observer: JourneyObserver;
  /** Closes every app (the last started first), removes the folder and releases the bus. */
  close(): Promise<void>;
};

export async function startJourney({ name, bus, now, aftercareFrom }: JourneyOptions): Promise<JourneyApps> {
  const release = await takeTheBus(bus);
  const folder = mkdtempSync(path.join(tmpdir(), `${name}-`));
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closeApp of closers.reverse()) await closeApp();
    closers.length = 0;
    rmSync(folder, { recursive: true, force: true });
    release();
  };
  try {
    // Retries kept short: a message a service refuses is parked quickly instead of holding the journey.
    const env = { BUS_MAX_ATTEMPTS: '2', BUS_RETRY_BASE_MS: '50', ...bus.env };
    const intake = await startIntakeTestApp(name, { folder, env });
    closers.push(() => intake.close());
    const treatmentPlan = await startTreatmentPlanTestApp(name, { folder, now, env });
    closers.push(() => treatmentPlan.close());
    const aftercare = aftercareFrom ? await startAftercareTestApp(name, { folder, now: aftercareFrom, env }) : undefined;
    if (aftercare) closers.push(() => aftercare.close());
    const observer = await startJourneyObserver({
      EVENT_STORE_URL: `sqlite:${path.join(folder, 'events.db')}`,
      DATA_DIR: folder,
      LOG_LEVEL: 'error',
      ...env,
    });
    closers.push(() => observer.app.close());
    return { folder, intake, treatmentPlan, aftercare, observer, close };
  } catch (error) {
    await close();
    throw error;
  }
}
