import { EVENT_TYPE, STREAM_NAME, type RegexFilter } from '@kurrent/kurrentdb-client';
import { isSystemEvent, matchesFilter, toServerFilter } from './all-filter.js';

const event = (streamId: string, type: string) => ({ streamId, type });

describe('filtering $all on KurrentDB', () => {
  it("leaves KurrentDB's own events out of every read", () => {
    expect(isSystemEvent(event('$stats-127.0.0.1:2113', '$statsCollected'))).toBe(true);
    expect(isSystemEvent(event('$$care-episode-1', '$metadata'))).toBe(true);
    expect(isSystemEvent(event('care-episode-1', 'EpisodeOpened'))).toBe(false);
    expect(matchesFilter(event('$scavenges', '$scavengeStarted'), undefined)).toBe(false);
  });

  it('asks the server to exclude system events when the caller filters nothing', () => {
    const filter = toServerFilter(undefined) as RegexFilter;
    expect(filter.filterOn).toBe(EVENT_TYPE);
    expect(new RegExp(filter.regex).test('$statsCollected')).toBe(false);
    expect(new RegExp(filter.regex).test('EpisodeOpened')).toBe(true);
  });

  it('sends stream prefixes to the server when there are some', () => {
    expect(toServerFilter({ streamPrefixes: ['care-episode-', 'referral-'], eventTypes: ['EpisodeOpened'] })).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: ['care-episode-', 'referral-'],
    });
  });

  it('matches event types exactly, not by prefix, on the server as in the adapter', () => {
    const filter = toServerFilter({ eventTypes: ['EpisodeOpened', 'Level.Changed'] }) as RegexFilter;
    expect(filter.filterOn).toBe(EVENT_TYPE);
    const serverKeeps = (type: string) => new RegExp(filter.regex).test(type);
    expect(serverKeeps('EpisodeOpened')).toBe(true);
    expect(serverKeeps('EpisodeOpenedV2')).toBe(false);
    expect(serverKeeps('Level.Changed')).toBe(true);
    expect(serverKeeps('LevelXChanged')).toBe(false);
  });

  it('applies both stream prefixes and event types, whichever one the server applied', () => {
    const filter = { streamPrefixes: ['care-episode-'], eventTypes: ['EpisodeOpened'] };
    expect(matchesFilter(event('care-episode-1', 'EpisodeOpened'), filter)).toBe(true);
    expect(matchesFilter(event('care-episode-1', 'EpisodeDischarged'), filter)).toBe(false);
    expect(matchesFilter(event('referral-1', 'EpisodeOpened'), filter)).toBe(false);
  });

  it('reads an empty list as no restriction, as the SQLite and PostgreSQL stores do', () => {
    expect(matchesFilter(event('referral-1', 'EpisodeOpened'), { streamPrefixes: [], eventTypes: [] })).toBe(true);
    expect(matchesFilter(event('$stats-1', 'EpisodeOpened'), { streamPrefixes: [] })).toBe(false);
  });
});
