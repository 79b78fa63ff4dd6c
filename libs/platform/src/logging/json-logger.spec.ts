import { runInRequestContext } from '../context/request-context.js';
import { JsonLogger } from './json-logger.js';
import { withoutPersonalData } from './personal-data.js';

function collectingLogger(level?: 'log' | 'warn' | 'debug') {
  const lines: string[] = [];
  const logger = new JsonLogger({ service: 'intake', level, sink: (line) => lines.push(line) });
  return { logger, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), lines };
}

describe('personal data in logs', () => {
  it('drops keys that look like personal data at any depth, whatever their spelling', () => {
    const { value, dropped } = withoutPersonalData({
      clientId: 'c-1',
      first_name: 'Ada',
      LastName: 'Lovelace',
      client: { dateOfBirth: '1815-12-10', dob: '1815-12-10', birthDate: 'x', siteId: 's-1' },
      contacts: [{ phone: '555', email: 'ada@example.org', address: '12 St James', relation: 'sister' }],
      ssn: '000',
      notes: 'free text',
      name: 'Ada',
    });
    expect(value).toEqual({ clientId: 'c-1', client: { siteId: 's-1' }, contacts: [{ relation: 'sister' }] });
    expect(dropped).toEqual(
      expect.arrayContaining(['first_name', 'LastName', 'client.dateOfBirth', 'contacts[0].email', 'notes', 'name', 'ssn']),
    );
  });

  it('writes a logged object without its personal keys and names what it dropped', () => {
    const { logger, lines, entries } = collectingLogger();
    logger.log({ message: 'client registered', clientId: 'c-1', firstName: 'Ada', dateOfBirth: '1815-12-10' }, 'intake');
    expect(lines.join()).not.toMatch(/Ada|1815/);
    expect(entries()[0]).toMatchObject({
      message: 'client registered',
      clientId: 'c-1',
      droppedPersonalData: ['firstName', 'dateOfBirth'],
    });
  });
});

describe('JSON logger', () => {
  it('writes one JSON object per line with time, level, service, context and message', () => {
    const { logger, lines, entries } = collectingLogger();
    logger.warn('projection is lagging', 'projections');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\n$/);
    expect(entries()[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      level: 'warn',
      service: 'intake',
      context: 'projections',
      message: 'projection is lagging',
    });
  });

  it('adds the correlation id of the request being handled', () => {
    const { logger, entries } = collectingLogger();
    runInRequestContext({ requestId: 'r-1', correlationId: 'corr-1', causationId: 'r-1' }, () => logger.log('handled'));
    expect(entries()[0]).toMatchObject({ correlationId: 'corr-1', message: 'handled' });
  });

  it('keeps the stack of an error apart from the context', () => {
    const { logger, entries } = collectingLogger();
    const failure = new Error('disk full');
    logger.error('append failed', failure.stack, 'event-store');
    expect(entries()[0]).toMatchObject({
      level: 'error',
      context: 'event-store',
      message: 'append failed',
      stack: expect.stringMatching(/disk full\n\s+at /),
    });
  });

  it('leaves out levels below the configured one', () => {
    const { logger, entries } = collectingLogger('warn');
    logger.log('routine');
    logger.debug('detail');
    logger.error('broken');
    expect(entries().map((entry) => entry.level)).toEqual(['error']);
  });
});
