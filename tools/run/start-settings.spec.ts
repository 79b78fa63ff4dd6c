import { UsageError } from '../cli/command-line.js';
import { startSettingsFrom } from './start-settings.js';

const portsOf = (settings: ReturnType<typeof startSettingsFrom>) =>
  Object.fromEntries(settings.services.map((service) => [service.name, service.port]));

describe('what npm start runs where', () => {
  it('with nothing given: every service on 3101-3105, the data folder and event store left to their defaults', () => {
    const settings = startSettingsFrom({}, [], {});
    expect(portsOf(settings)).toEqual({ intake: 3101, 'treatment-plan': 3102, 'dual-diagnosis': 3103, aftercare: 3104, audit: 3105 });
    expect(settings.dataDir).toBeUndefined();
    expect(settings.services[0]!.env).toEqual({ PORT: '3101' });
    expect(settings.notices).toEqual([]);
  });

  it('only the services named, on their usual ports', () => {
    expect(portsOf(startSettingsFrom({}, ['audit', 'intake'], {}))).toEqual({ intake: 3101, audit: 3105 });
  });

  it('takes a base port from --port-base, else PORT_BASE', () => {
    expect(portsOf(startSettingsFrom({ 'port-base': '4101' }, [], { PORT_BASE: '5101' }))).toMatchObject({ intake: 4101, audit: 4105 });
    expect(portsOf(startSettingsFrom({}, [], { PORT_BASE: '5101' }))).toMatchObject({ intake: 5101, 'dual-diagnosis': 5103 });
  });

  it("never overrides a service's own port: --ports, then <SERVICE>_PORT, then the base", () => {
    const settings = startSettingsFrom({ ports: ['intake=8080', 'audit=8085,aftercare=8084'], 'port-base': '4101' }, [], {
      INTAKE_PORT: '9090',
      TREATMENT_PLAN_PORT: '9092',
    });
    expect(portsOf(settings)).toEqual({ intake: 8080, 'treatment-plan': 9092, 'dual-diagnosis': 4103, aftercare: 8084, audit: 8085 });
  });

  it('uses PORT for a service started alone, and says why it leaves it out for several', () => {
    expect(portsOf(startSettingsFrom({}, ['intake'], { PORT: '7000' }))).toEqual({ intake: 7000 });
    expect(portsOf(startSettingsFrom({}, ['intake'], { PORT: '7000', INTAKE_PORT: '7001' }))).toEqual({ intake: 7001 });
    const several = startSettingsFrom({}, [], { PORT: '7000' });
    expect(portsOf(several)).toMatchObject({ intake: 3101 });
    expect(several.notices).toEqual([
      'PORT=7000 is not used: it names one port and 5 services start; use --port-base, PORT_BASE or INTAKE_PORT, TREATMENT_PLAN_PORT, DUAL_DIAGNOSIS_PORT, AFTERCARE_PORT, AUDIT_PORT',
    ]);
  });

  it('puts every file, the event store included, in --data-dir, else DATA_DIR, unless EVENT_STORE_URL is set', () => {
    const flag = startSettingsFrom({ 'data-dir': 'data-2' }, [], { DATA_DIR: '/elsewhere' }, '/repo');
    expect(flag.dataDir).toBe('/repo/data-2');
    expect(flag.services[0]!.env).toEqual({ PORT: '3101', DATA_DIR: '/repo/data-2', EVENT_STORE_URL: 'sqlite:/repo/data-2/events.db' });
    const variable = startSettingsFrom(
      {},
      [],
      { DATA_DIR: '/elsewhere', EVENT_STORE_URL: 'kurrentdb://localhost:2113?tls=false' },
      '/repo',
    );
    expect(variable.services[4]!.env).toEqual({ PORT: '3105', DATA_DIR: '/elsewhere' });
  });

  it('refuses what it cannot run, naming it', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('no refusal');
    };
    expect(refusal(() => startSettingsFrom({}, ['billing'], {}))).toBe(
      'there is no service "billing": the services are intake, treatment-plan, dual-diagnosis, aftercare, audit',
    );
    expect(refusal(() => startSettingsFrom({ ports: ['billing=1'] }, [], {}))).toMatch(/^--ports names no service "billing"/);
    expect(refusal(() => startSettingsFrom({ ports: ['intake'] }, [], {}))).toMatch(/^--ports takes <service>=<port>/);
    expect(refusal(() => startSettingsFrom({ ports: ['intake=0'] }, [], {}))).toBe(
      '--ports intake takes a whole number from 1 to 65535 (got "0")',
    );
    expect(refusal(() => startSettingsFrom({}, [], { AUDIT_PORT: 'x' }))).toBe('AUDIT_PORT takes a whole number from 1 to 65535 (got "x")');
    expect(refusal(() => startSettingsFrom({}, [], { PORT_BASE: '65533' }))).toBe(
      'PORT_BASE takes a whole number from 1 to 65531 (got "65533")',
    );
    expect(refusal(() => startSettingsFrom({ ports: ['audit=3101'] }, [], {}))).toBe('intake and audit would both listen on port 3101');
    expect(refusal(() => startSettingsFrom({ 'data-dir': '' }, [], {}))).toBe('--data-dir needs a folder, e.g. --data-dir ./data-2');
  });
});
