// A client's care episodes as treatment-plan lists them (GET /clients/{clientId}/episodes,
// newest first): one query, shared by the chart and the care-team screen.
import { get } from '../api';
import { type Level } from '../intake/record';

export type ClientEpisodes = {
  clientId: string;
  items: { episodeId: string; siteId: string; status: string; level: Level; startDate: string; dischargeDate: string | null }[];
};

export const clientEpisodesQuery = (clientId: string) => ({
  queryKey: ['episodes', clientId],
  queryFn: () => get<ClientEpisodes>('treatment-plan', `clients/${clientId}/episodes`),
});
