// Reusable field validators for DTOs (docs/architecture/security.md#input). A string a person
// typed is stored once and shown for years, in lists, exports and audit views: it is kept in
// one Unicode form (NFC), and characters that only hide or disguise text are refused with a
// 400 naming the field, never silently removed (a changed name is a different name).
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * C0 controls (NUL included) and DEL, C1 controls, the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069: the "Trojan Source" characters, CVE-2021-42574),
 * and a UTF-16 surrogate without its pair. `allowLineBreaks` admits tab, LF and CR in free text.
 */
/* eslint-disable no-control-regex -- control characters are what these patterns find */
const UNSAFE_IN_LINE =
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
const UNSAFE_IN_TEXT =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
/* eslint-enable no-control-regex */

/** Whether a string holds a character `CleanText` refuses. */
export function hasUnsafeCharacters(value: string, options: { allowLineBreaks?: boolean } = {}): boolean {
  return (options.allowLineBreaks ? UNSAFE_IN_TEXT : UNSAFE_IN_LINE).test(value);
}

/** What is wrong with a field holding a character `CleanText` refuses. */
export function unsafeCharactersProblem(field: string): string {
  return `${field} contains a control character, a bidirectional override or an unpaired surrogate; remove it`;
}

/** Refuses control characters, bidi overrides and isolates, and lone surrogates (strings only; other types are other validators' to refuse). */
export function CleanText(options: { allowLineBreaks?: boolean } = {}, validation?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'cleanText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasUnsafeCharacters(value, options),
        defaultMessage: (args) => unsafeCharactersProblem(args?.property ?? 'the field'),
      },
    },
    validation,
  );
}

/** Unicode NFC, so "é" typed as one character or as e + accent is one name (strings only). */
export function NormalizedText(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC') : value));
}

/**
 * A required line of identity text (a name, a reason code): a non-empty string of at most
 * `maxLength` characters, NFC-normalised, without control, bidi-override or lone-surrogate
 * characters, and not only blanks.
 */
export function IdentityText(maxLength: number): PropertyDecorator {
  return applyDecorators(
    NormalizedText(),
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
    CleanText(),
    ValidateBy({
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value.trim() !== '',
        defaultMessage: (args) => `${args?.property ?? 'the field'} must not be only spaces`,
      },
    }),
  );
}

/** Optional free text (a note, an address, a reason): NFC, at most `maxLength`, line breaks allowed, nothing hidden. */
export function FreeText(maxLength: number): PropertyDecorator {
  return applyDecorators(NormalizedText(), IsString(), MaxLength(maxLength), CleanText({ allowLineBreaks: true }));
}
