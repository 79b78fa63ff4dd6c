import { type Projection, foldInto } from '@continuum/read-store';
import {
  CLIENT_STREAM_PREFIX,
  type SafetyFollowUpCompleted,
  type SafetyFollowUpOpened,
  type SafetyFollowUpOverdue,
} from '../domain/index.js';
import { SAFETY_FOLLOW_UPS, type SafetyFollowUpRow, openedRow, withCompleted, withOverdue } from './safety-follow-up-list.js';

// The safety follow-up queue, apart from the client lists so that it rebuilds (and answers)
// on its own. One document per follow-up, keyed by its id.

const FOLLOW_UP_EVENTS = ['SafetyFollowUpOpened', 'SafetyFollowUpOverdue', 'SafetyFollowUpCompleted'];

export const intakeSafetyFollowUpsProjection: Projection = {
  name: 'intake-safety-follow-ups',
  version: 1,
  readModels: [SAFETY_FOLLOW_UPS],
  filter: { streamPrefixes: [CLIENT_STREAM_PREFIX], eventTypes: FOLLOW_UP_EVENTS },
  async apply(event, context) {
    if (!event.streamId.startsWith(CLIENT_STREAM_PREFIX) || !FOLLOW_UP_EVENTS.includes(event.type)) return;
    const { followUpId } = event.data as { followUpId: string };
    const rows = await context.collection<SafetyFollowUpRow>(SAFETY_FOLLOW_UPS);
    await foldInto(rows, followUpId, event, (current) => {
      switch (event.type) {
        case 'SafetyFollowUpOpened':
          return current ?? openedRow(event.data as SafetyFollowUpOpened['data']);
        case 'SafetyFollowUpOverdue':
          return current && withOverdue(current, event.data as SafetyFollowUpOverdue['data']);
        case 'SafetyFollowUpCompleted':
          return current && withCompleted(current, event.data as SafetyFollowUpCompleted['data']);
        default:
          return undefined;
      }
    });
  },
};
