// What an operator watching `projections:rebuild` needs to know every second: how far it is,
// how fast it goes, and when it will be done. Pure, so the arithmetic is tested on its own.

export type RebuildProgress = {
  projection: string;
  generation: number;
  /** Events applied to the new generation so far (in this run). */
  eventsDone: number;
  /** Global position reached, and the store's head when last asked. */
  position: number;
  head: number;
  /** Since this run started. */
  elapsedMs: number;
};

export function eventsPerSecond(progress: Pick<RebuildProgress, 'eventsDone' | 'elapsedMs'>): number {
  return progress.elapsedMs > 0 ? (progress.eventsDone * 1000) / progress.elapsedMs : 0;
}

/**
 * Seconds left, estimated from the positions still to read at the rate positions were read so
 * far. Positions rather than events, because the head counts every service's events and the
 * projection sees only its own: the estimate is then an upper bound, never a promise.
 */
export function secondsLeft(progress: RebuildProgress, startPosition: number): number | undefined {
  const covered = progress.position - startPosition;
  if (covered <= 0 || progress.elapsedMs <= 0) return undefined;
  const remaining = Math.max(0, progress.head - progress.position);
  return (remaining * progress.elapsedMs) / covered / 1000;
}

export function progressLine(progress: RebuildProgress, startPosition = 0): string {
  const left = secondsLeft(progress, startPosition);
  const percent = progress.head > 0 ? Math.min(100, (progress.position / progress.head) * 100) : 100;
  return (
    `${progress.projection} g${progress.generation}: ${progress.eventsDone} events, position ${progress.position}/${progress.head} (${percent.toFixed(1)}%), ` +
    `${Math.round(eventsPerSecond(progress))} events/s, ETA ${left === undefined ? '?' : formatDuration(left)}`
  );
}

export function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
