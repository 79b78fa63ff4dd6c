// The console's server-sent events for the work queues (GET /api/v1/queues/events): each names a
// site and the queues there that may have changed, and the page reads those queues again. The
// browser reconnects by itself after a drop; nothing polls.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';

export const queueKey = (siteId: string, queueId: string) => ['queue', siteId, queueId];

/** Whether the page is hearing of changes now. */
export function useQueueEvents(siteId: string): boolean {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!siteId) return undefined;
    const source = new EventSource('/api/v1/queues/events');
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener('queues', (message: MessageEvent<string>) => {
      const change = JSON.parse(message.data) as { siteId: string; queues: string[] };
      if (change.siteId !== siteId) return;
      for (const queue of change.queues) void queryClient.invalidateQueries({ queryKey: queueKey(siteId, queue) });
    });
    return () => source.close();
  }, [siteId, queryClient]);
  return live;
}
