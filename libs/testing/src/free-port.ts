import { createServer } from 'node:net';

// The kernel hands out ephemeral ports round-robin, so the same number may come back soon
// after its probe closed; a spec that needs several ports at once (a service and the broker it
// must not be mistaken for) gets each number once from this process.
const handedOut = new Set<number>();

/** A local TCP port nothing listens on right now, never one this process was handed before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await unusedPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('the probe socket has no port')),
      );
    });
  });
}
