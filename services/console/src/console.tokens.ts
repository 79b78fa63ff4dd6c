/** Injection token for the console's loaded configuration. */
export const CONSOLE_CONFIG = Symbol.for('continuum.ConsoleConfig');
