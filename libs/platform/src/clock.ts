// The application layer asks a clock for `now` and hands it to the pure domain; tests
// replace the clock to move time (plan reviews, check-in windows, consent expiry).
export const CLOCK = Symbol.for('continuum.Clock');

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test sets and moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}
