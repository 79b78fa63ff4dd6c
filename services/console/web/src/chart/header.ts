// The chart's header in one round trip (GET /api/v1/chart/{clientId}/header): the console asks
// intake for the record and treatment-plan for the episodes, the newest episode and its plan.
// Each part the service answered is put where the chart's own queries look for it
// (['intake', id], ['episodes', id], ['episode', episodeId], ['plan', episodeId]); a refused part is left for its query to ask again
// and show the service's refusal, as before. Started as soon as the page opens at a chart's
// address (main.tsx), beside the read of the session.
import { type QueryClient } from '@tanstack/react-query';
import { consoleApi } from '../api';
import { type IntakeRecord } from '../intake/record';
import { type ClientEpisodes } from './episodes';

/** A chart's address: /clients/<id> (the care-team page below it needs no header). */
export const CHART_PATH = /^\/clients\/([0-9a-fA-F-]{36})$/;

export const chartHeaderQuery = (queryClient: QueryClient, clientId: string) => ({
  queryKey: ['chart-header', clientId],
  queryFn: async () => {
    const header = await consoleApi.chartHeader<IntakeRecord, ClientEpisodes, unknown, unknown>(clientId);
    if (header.record.status === 200) queryClient.setQueryData(['intake', clientId], header.record.body);
    if (header.episodes.status === 200) queryClient.setQueryData(['episodes', clientId], header.episodes.body);
    const newest = header.episodes.status === 200 ? (header.episodes.body as ClientEpisodes).items[0]?.episodeId : undefined;
    if (newest && header.episode?.status === 200) queryClient.setQueryData(['episode', newest], header.episode.body);
    if (newest && header.plan?.status === 200) queryClient.setQueryData(['plan', newest], header.plan.body);
    return true;
  },
  // Once: the parts live in their own queries from then on (refreshed by a write's invalidation).
  staleTime: Infinity,
  retry: false,
});
