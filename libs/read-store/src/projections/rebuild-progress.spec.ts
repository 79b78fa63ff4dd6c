import { formatDuration, progressLine, secondsLeft } from './rebuild-progress.js';

const halfway = { projection: 'intake-clients', generation: 2, eventsDone: 5000, position: 5000, head: 10000, elapsedMs: 2000 };

describe('the rebuild progress line', () => {
  it('shows events done, position against the head, events per second and the time left', () => {
    expect(progressLine(halfway)).toBe('intake-clients g2: 5000 events, position 5000/10000 (50.0%), 2500 events/s, ETA 2s');
  });

  it('estimates the time left from the positions read since this run started, so a resumed rebuild is not over-optimistic', () => {
    expect(secondsLeft({ ...halfway, position: 6000, eventsDone: 1000 }, 5000)).toBeCloseTo(8);
  });

  it('has no estimate before anything was read', () => {
    expect(progressLine({ ...halfway, eventsDone: 0, position: 0, elapsedMs: 0 })).toContain('ETA ?');
  });

  it('writes long durations in minutes and hours', () => {
    expect(formatDuration(59.2)).toBe('1m00s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(7300)).toBe('2h01m');
  });
});
