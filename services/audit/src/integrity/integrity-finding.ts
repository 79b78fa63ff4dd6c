// What an integrity check can find, each in the words an auditor needs: where in the global
// log it was noticed, which stream, revision and event, and what is wrong.

export type IntegrityFindingKind =
  /** The event's content no longer matches the hash recorded when it was appended. */
  | 'altered'
  /** The event does not point at the hash of the revision before it. */
  | 'broken-link'
  /** Revisions of a stream are absent where this event's revision says they should be. */
  | 'missing-revision'
  /** Global positions are absent from a store whose positions have no gaps of their own. */
  | 'missing-position'
  /** The global order disagrees with a stream's order, or positions do not increase. */
  | 'reordered';

export type IntegrityFinding = {
  kind: IntegrityFindingKind;
  /** Global position of the event at which it was noticed (of the last missing one, at the end of the log). */
  position: number;
  /** The event noticed; absent when the log ends before positions the store handed out. */
  streamId?: string;
  revision?: number;
  eventId?: string;
  detail: string;
};
