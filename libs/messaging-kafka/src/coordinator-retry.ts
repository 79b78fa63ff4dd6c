// Right after a broker (re)start the group coordinator loads __consumer_offsets for a moment.
// kafkajs's consumers and producers retry that by themselves, but its admin client does not
// (admin.fetchOffsets threw GROUP_LOAD_IN_PROGRESS after a restart: infra/kafka/README.md),
// and readiness checks ask exactly then. These errors mean "ask again shortly", never "no".

const COORDINATOR_NOT_READY = new Set(['GROUP_LOAD_IN_PROGRESS', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR_FOR_GROUP']);

function isCoordinatorNotReady(error: unknown): boolean {
  for (let cause = error; cause && typeof cause === 'object'; cause = (cause as { cause?: unknown }).cause) {
    if (COORDINATOR_NOT_READY.has(String((cause as { type?: unknown }).type))) return true;
  }
  return false;
}

export async function whileCoordinatorLoads<T>(call: () => Promise<T>, attempts = 10, delayMs = 300): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isCoordinatorNotReady(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
