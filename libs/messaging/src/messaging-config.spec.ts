import { ConfigError } from '@continuum/platform';
import { busSettingsFrom } from './messaging-config.js';

describe('bus settings from the environment', () => {
  it('runs on the embedded bus in ./data/bus.db with 5 attempts 200 ms apart, and readiness limits of 1000 messages and 5 s, when nothing is set', () => {
    expect(busSettingsFrom({})).toEqual({
      kind: 'embedded',
      path: './data/bus.db',
      dataDir: './data',
      maxAttempts: 5,
      retryBaseMs: 200,
      consumerLagMax: 1000,
      relayLagMax: 1000,
      relayStallMs: 5000,
    });
    expect(busSettingsFrom({ DATA_DIR: '/srv/continuum' })).toMatchObject({ path: '/srv/continuum/bus.db', dataDir: '/srv/continuum' });
  });

  it('takes KAFKA_BROKERS alone to mean Kafka, with each broker trimmed', () => {
    expect(busSettingsFrom({ KAFKA_BROKERS: '10.0.0.1:9092, 10.0.0.2:9092' })).toMatchObject({
      kind: 'kafka',
      brokers: ['10.0.0.1:9092', '10.0.0.2:9092'],
    });
  });

  it('lets BUS=embedded win over KAFKA_BROKERS', () => {
    expect(busSettingsFrom({ BUS: 'embedded', KAFKA_BROKERS: '10.0.0.1:9092', BUS_URL: 'sqlite:/var/lib/continuum/bus.db' })).toMatchObject(
      { kind: 'embedded', path: '/var/lib/continuum/bus.db' },
    );
  });

  it('refuses BUS=kafka without brokers, saying what to set', () => {
    expect(() => busSettingsFrom({ BUS: 'kafka' })).toThrow(/KAFKA_BROKERS: required when BUS=kafka/);
  });

  it('takes the readiness limits from BUS_CONSUMER_LAG_MAX, BUS_RELAY_LAG_MAX and BUS_RELAY_STALL_MS', () =>
    expect(busSettingsFrom({ BUS_CONSUMER_LAG_MAX: '50', BUS_RELAY_LAG_MAX: '0', BUS_RELAY_STALL_MS: '2000' })).toMatchObject({
      consumerLagMax: 50,
      relayLagMax: 0,
      relayStallMs: 2000,
    }));

  it('refuses a readiness limit that is not a whole number, or a stall limit under 100 ms', () => {
    expect(() => busSettingsFrom({ BUS_CONSUMER_LAG_MAX: 'many' })).toThrow(/BUS_CONSUMER_LAG_MAX/);
    expect(() => busSettingsFrom({ BUS_RELAY_STALL_MS: '10' })).toThrow(/BUS_RELAY_STALL_MS/);
  });

  it('names every bad retry setting at once', () => {
    let problems: readonly string[] = [];
    try {
      busSettingsFrom({ BUS: 'rabbitmq', BUS_MAX_ATTEMPTS: '0', BUS_RETRY_BASE_MS: 'soon' });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['BUS', 'BUS_MAX_ATTEMPTS', 'BUS_RETRY_BASE_MS']);
  });
});
