import { deciderSpec } from '@continuum/testing';
import { fold } from '@continuum/decider';
import {
  type EndEpisode,
  type EpisodeEnded,
  type EpisodeStarted,
  type StartEpisode,
  clientEpisodes,
  clientEpisodesStream,
} from './client-episodes.js';

const spec = deciderSpec(clientEpisodes);

const start = (episodeId: string, startDate?: string): StartEpisode => ({
  type: 'StartEpisode',
  data: { clientId: 'client-1', episodeId, ...(startDate === undefined ? {} : { startDate }) },
});
const end = (episodeId: string, endDate?: string): EndEpisode => ({
  type: 'EndEpisode',
  data: { clientId: 'client-1', episodeId, ...(endDate === undefined ? {} : { endDate }) },
});
const started = (episodeId: string, startDate: string, previousEpisodeId?: string): EpisodeStarted => ({
  type: 'EpisodeStarted',
  data: { clientId: 'client-1', episodeId, ...(previousEpisodeId === undefined ? {} : { previousEpisodeId }), startDate },
});
const ended = (episodeId: string, endDate: string): EpisodeEnded => ({
  type: 'EpisodeEnded',
  data: { clientId: 'client-1', episodeId, endDate },
});

describe("the client's episodes stream", () => {
  it('is named after the client', () => {
    expect(clientEpisodesStream('client-1')).toBe('care-episode-client-client-1');
  });
});

describe('starting an episode for a client', () => {
  it("starts the client's first episode with no previous one", () =>
    spec.given().when(start('episode-1', '2026-01-05')).then(started('episode-1', '2026-01-05')));

  it('dates the start from now when none is given', () => spec.given().when(start('episode-1')).then(started('episode-1', '2026-01-15')));

  it('refuses a second open episode for the same client, naming the open one', () =>
    spec
      .given(started('episode-1', '2026-01-05'))
      .when(start('episode-2'))
      .thenThrows(
        /already has an open episode, episode-1: change its level of care or transfer it, or discharge it before opening another/,
        'client-has-open-episode',
      ));

  it('starts nothing new when the same admission is retried after a crash', () =>
    spec.given(started('episode-1', '2026-01-05')).when(start('episode-1', '2026-01-05')).thenNothingHappens());

  it('links a readmission to the episode that ended last', () =>
    spec
      .given(
        started('episode-1', '2026-01-05'),
        ended('episode-1', '2026-04-05'),
        started('episode-2', '2026-05-01', 'episode-1'),
        ended('episode-2', '2026-06-01'),
      )
      .when(start('episode-3', '2026-09-01'))
      .then(started('episode-3', '2026-09-01', 'episode-2')));

  it('refuses to start again an episode that has ended', () =>
    spec
      .given(started('episode-1', '2026-01-05'), ended('episode-1', '2026-04-05'))
      .when(start('episode-1'))
      .thenThrows(
        /episode-1 has already ended and cannot start again: a readmission opens a new episode with a new id/,
        'episode-already-ended',
      ));

  it('refuses a start date that is not a calendar day', () =>
    spec
      .given()
      .when(start('episode-1', 'tomorrow'))
      .thenThrows(/tomorrow is not a calendar day/, 'invalid-date'));

  it('offers the previous episode to the writer that opens the readmission', () => {
    const state = fold(clientEpisodes.evolve, clientEpisodes.initialState, [
      started('episode-1', '2026-01-05'),
      ended('episode-1', '2026-04-05'),
      started('episode-2', '2026-05-01', 'episode-1'),
    ]);
    expect(state.openEpisode).toEqual({ episodeId: 'episode-2', previousEpisodeId: 'episode-1', startDate: '2026-05-01' });
  });
});

describe("ending a client's episode", () => {
  it('ends the open episode on its discharge date, freeing the client for a readmission', () =>
    spec.given(started('episode-1', '2026-01-05')).when(end('episode-1', '2026-04-05')).then(ended('episode-1', '2026-04-05')));

  it('ends nothing new when the reaction to the discharge runs twice', () =>
    spec
      .given(started('episode-1', '2026-01-05'), ended('episode-1', '2026-04-05'))
      .when(end('episode-1', '2026-04-05'))
      .thenNothingHappens());

  it('refuses to end an episode that is not the open one', () =>
    spec
      .given(started('episode-1', '2026-01-05'))
      .when(end('episode-9'))
      .thenThrows(/episode-9 is not the client's open episode \(episode-1\): end the episode that is open/, 'not-the-open-episode'));

  it('refuses to end an episode when the client has none open', () =>
    spec
      .given()
      .when(end('episode-1'))
      .thenThrows(/the client has no open episode, so episode-1 cannot end/, 'not-the-open-episode'));

  it('lets a new episode start once the open one has ended', () =>
    spec
      .given(started('episode-1', '2026-01-05'), ended('episode-1', '2026-04-05'))
      .when(start('episode-2', '2026-05-01'))
      .then(started('episode-2', '2026-05-01', 'episode-1')));
});
