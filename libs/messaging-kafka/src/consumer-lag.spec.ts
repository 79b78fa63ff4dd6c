import { partitionLag, topicLag } from './consumer-lag.js';

describe('consumer lag', () => {
  it('counts the messages between the committed offset and the end of the log', () =>
    expect(partitionLag({ partition: 0, low: '0', high: '10' }, { partition: 0, offset: '7' })).toBe(3));

  it('is zero once the group committed the end of the log', () =>
    expect(partitionLag({ partition: 0, low: '0', high: '10' }, { partition: 0, offset: '10' })).toBe(0));

  it('counts the whole log for a group that never committed, since it will read from the beginning', () => {
    expect(partitionLag({ partition: 0, low: '4', high: '10' }, { partition: 0, offset: '-1' })).toBe(6);
    expect(partitionLag({ partition: 0, low: '4', high: '10' }, undefined)).toBe(6);
  });

  it('does not count messages retention already removed below a stale commit', () =>
    expect(partitionLag({ partition: 0, low: '8', high: '10' }, { partition: 0, offset: '3' })).toBe(2));

  it('sums the partitions of a topic, matching commits by partition number', () =>
    expect(
      topicLag(
        [
          { partition: 0, low: '0', high: '5' },
          { partition: 1, low: '0', high: '3' },
          { partition: 2, low: '0', high: '0' },
        ],
        [
          { partition: 1, offset: '1' },
          { partition: 0, offset: '5' },
        ],
      ),
    ).toBe(2));
});
