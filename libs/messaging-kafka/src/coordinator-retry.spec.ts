import { whileCoordinatorLoads } from './coordinator-retry.js';

const loading = () =>
  Object.assign(new Error("The coordinator is loading and hence can't process requests"), { type: 'GROUP_LOAD_IN_PROGRESS' });

describe('asking the admin client again while the group coordinator loads', () => {
  it('answers once the coordinator has loaded', async () => {
    let calls = 0;
    const answer = await whileCoordinatorLoads(
      async () => {
        calls++;
        if (calls < 3) throw loading();
        return 'offsets';
      },
      5,
      1,
    );
    expect(answer).toBe('offsets');
    expect(calls).toBe(3);
  });

  it('recognises the loading error when kafkajs wraps it as the cause of a retries-exceeded error', async () => {
    let calls = 0;
    await whileCoordinatorLoads(
      async () => {
        if (++calls === 1) throw Object.assign(new Error('Number of retries exceeded'), { cause: loading() });
      },
      5,
      1,
    );
    expect(calls).toBe(2);
  });

  it('passes any other error on at once', async () => {
    let calls = 0;
    await expect(
      whileCoordinatorLoads(
        async () => {
          calls++;
          throw Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
        },
        5,
        1,
      ),
    ).rejects.toThrow(/does not host/);
    expect(calls).toBe(1);
  });

  it("gives up after the last attempt with the coordinator's own error", async () => {
    let calls = 0;
    await expect(
      whileCoordinatorLoads(
        async () => {
          calls++;
          throw loading();
        },
        4,
        1,
      ),
    ).rejects.toThrow(/coordinator is loading/);
    expect(calls).toBe(4);
  });
});
