import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

describe('Kafka over TLS and SASL', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'kafka-security-'));
  const file = (name: string, text: string) => {
    const where = path.join(folder, name);
    writeFileSync(where, text);
    return where;
  };
  const KAFKA = { KAFKA_BROKERS: 'kafka-1:9093' };

  it('connects in plain text with no user when nothing is set', () => {
    expect(busSettingsFrom(KAFKA)).toMatchObject({ kind: 'kafka', security: { tls: false } });
    expect(busSettingsFrom(KAFKA)).not.toHaveProperty('security.sasl');
  });

  it("takes TLS with the system's authorities, or with the ones KAFKA_TLS_CA_FILE holds", () => {
    expect(busSettingsFrom({ ...KAFKA, KAFKA_TLS: 'true' })).toMatchObject({ security: { tls: {} } });
    const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(busSettingsFrom({ ...KAFKA, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: file('ca.pem', ca) })).toMatchObject({
      // As every *_FILE variable: the file's last line break is not part of the value.
      security: { tls: { ca: ca.trimEnd() } },
    });
  });

  it("takes the service's SCRAM user, its password read from KAFKA_SASL_PASSWORD_FILE", () => {
    const settings = busSettingsFrom({
      ...KAFKA,
      KAFKA_TLS: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'intake',
      KAFKA_SASL_PASSWORD_FILE: file('kafka-password', 'correct horse\n'),
    });
    expect(settings).toMatchObject({
      security: { tls: {}, sasl: { mechanism: 'scram-sha-512', username: 'intake', password: 'correct horse' } },
    });
  });

  it('refuses a mechanism without its user, a user without a mechanism, PLAIN without TLS, and authorities for TLS that is off', () => {
    expect(() => busSettingsFrom({ ...KAFKA, KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'intake' })).toThrow(
      /KAFKA_SASL_MECHANISM: scram-sha-256 needs the service's user/,
    );
    expect(() => busSettingsFrom({ ...KAFKA, KAFKA_SASL_USERNAME: 'intake', KAFKA_SASL_PASSWORD: 'secret' })).toThrow(
      /KAFKA_SASL_USERNAME: set KAFKA_SASL_MECHANISM too/,
    );
    expect(() => busSettingsFrom({ ...KAFKA, KAFKA_SASL_PASSWORD: 'secret' })).toThrow(/KAFKA_SASL_PASSWORD: set KAFKA_SASL_MECHANISM too/);
    expect(() =>
      busSettingsFrom({ ...KAFKA, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'intake', KAFKA_SASL_PASSWORD: 'secret' }),
    ).toThrow(/plain sends the password in clear; set KAFKA_TLS=true/);
    expect(() => busSettingsFrom({ ...KAFKA, KAFKA_TLS_CA: 'pem' })).toThrow(/KAFKA_TLS_CA: certificates for TLS, which is off/);
  });

  it('never names the password when refusing', () => {
    let message = '';
    try {
      busSettingsFrom({ ...KAFKA, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'intake', KAFKA_SASL_PASSWORD: 'hunter2-secret' });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/KAFKA_SASL_MECHANISM/);
    expect(message).not.toContain('hunter2-secret');
    let alone = '';
    try {
      busSettingsFrom({ ...KAFKA, KAFKA_SASL_PASSWORD_FILE: file('alone', 'hunter2-secret\n') });
    } catch (error) {
      alone = String(error);
    }
    expect(alone).toMatch(/KAFKA_SASL_PASSWORD: set KAFKA_SASL_MECHANISM too/);
    expect(alone).not.toContain('hunter2-secret');
  });
});
