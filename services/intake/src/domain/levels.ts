// The little intake needs to know about levels of care. The level catalogue proper belongs
// to libs/care-episode (DOMAIN.md "Levels of care"); it did not exist yet when intake's
// domain was written, so this keeps a minimal local predicate. Replace it with the
// catalogue's own once '#continuum/care-episode' exports one.

/** A level code with its ASAM edition: networks hold 3rd- and 4th-edition data side by side. */
export type LevelOfCare = { code: string; edition: 3 | 4 };

// In both editions every 3.x level and level 4 give 24-hour structure; nothing below 3 does.
const TWENTY_FOUR_HOUR_CODES: Record<3 | 4, readonly string[]> = {
  3: ['3.1', '3.3', '3.5', '3.7', '4'],
  4: ['3.1', '3.5', '3.7', '4.0'],
};

const KNOWN_CODES: Record<3 | 4, readonly string[]> = {
  3: ['0.5', '1', '2.1', '2.5', '3.1', '3.3', '3.5', '3.7', '4'],
  4: ['1.0', '1.5', '1.7', '2.1', '2.5', '2.7', '3.1', '3.5', '3.7', '4.0'],
};

export function isTwentyFourHourLevel(level: LevelOfCare): boolean {
  return TWENTY_FOUR_HOUR_CODES[level.edition]?.includes(level.code) ?? false;
}

export function isKnownLevel(level: LevelOfCare): boolean {
  return KNOWN_CODES[level.edition]?.includes(level.code) ?? false;
}

export function isSameLevel(a: LevelOfCare, b: LevelOfCare): boolean {
  return a.code === b.code && a.edition === b.edition;
}

export function describeLevel(level: LevelOfCare): string {
  return `${level.code} (ASAM edition ${level.edition})`;
}
