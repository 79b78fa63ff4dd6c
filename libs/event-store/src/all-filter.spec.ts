import { passesFilter, unionOfFilters } from './all-filter.js';

const event = (streamId: string, type: string) => ({ streamId, type });

describe('passesFilter', () => {
  it('lets an event through when its stream has one of the prefixes and its type is one of the types', () => {
    const filter = { streamPrefixes: ['intake-client-'], eventTypes: ['ConsentGranted', 'ConsentRevoked'] };
    expect(passesFilter(event('intake-client-1', 'ConsentGranted'), filter)).toBe(true);
    expect(passesFilter(event('intake-client-1', 'ClientRegistered'), filter)).toBe(false);
    expect(passesFilter(event('aftercare-plan-1', 'ConsentGranted'), filter)).toBe(false);
  });

  it('restricts nothing with no filter or empty lists, as the SQL adapters read them', () => {
    expect(passesFilter(event('any-1', 'Anything'), undefined)).toBe(true);
    expect(passesFilter(event('any-1', 'Anything'), { streamPrefixes: [], eventTypes: [] })).toBe(true);
  });
});

describe('unionOfFilters', () => {
  it('keeps the prefixes and the types when every filter names some', () => {
    expect(
      unionOfFilters([
        { streamPrefixes: ['intake-client-'], eventTypes: ['A'] },
        { streamPrefixes: ['intake-duplicate-review-', 'intake-client-'], eventTypes: ['B'] },
      ]),
    ).toEqual({ streamPrefixes: ['intake-client-', 'intake-duplicate-review-'], eventTypes: ['A', 'B'] });
  });

  it('drops what one filter leaves open: every event one of them passes still passes the union', () => {
    const filters = [{ streamPrefixes: ['intake-client-'] }, { streamPrefixes: ['intake-client-'], eventTypes: ['ConsentGranted'] }];
    const union = unionOfFilters(filters);
    expect(union).toEqual({ streamPrefixes: ['intake-client-'] });
    for (const candidate of [event('intake-client-1', 'ClientRegistered'), event('intake-client-2', 'ConsentGranted')])
      if (filters.some((filter) => passesFilter(candidate, filter))) expect(passesFilter(candidate, union)).toBe(true);
    expect(unionOfFilters([{ eventTypes: ['A'] }, undefined])).toBeUndefined();
  });
});
