export * from './calendar-date.js';
export * from './fact-dates.js';
export * from './levels.js';
export * from './episode.js';
export * from './decide.js';
export * from './authorization.js';
export * from './client-episodes.js';
export * from './timeline.js';
