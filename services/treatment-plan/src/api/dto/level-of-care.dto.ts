import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { type AsamEdition, LATE_ENTRY_REASONS } from '@continuum/care-episode';

/** A level of care always travels with its ASAM edition; whether the code exists in it is the catalogue's call (422). */
export class LevelOfCareDto {
  @ApiProperty({ enum: [3, 4] }) @IsIn([3, 4]) edition!: AsamEdition;
  @ApiProperty({ example: '2.1' }) @IsString() @IsNotEmpty() @MaxLength(10) code!: string;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = (field: string) => ({ message: `${field} must be a date written YYYY-MM-DD` });

/** A short code from a configured list (outcome, reason, substance): never prose. */
const CODE = /^[a-z0-9][a-z0-9.-]{0,63}$/;
const codeMessage = (field: string) => ({
  message: `${field} must be a code of lowercase letters, digits, dots and dashes (e.g. goals-on-track), not free text`,
});

export function IsCalendarDate(field: string) {
  return Matches(CALENDAR_DATE, dateMessage(field));
}

/** `each` for a list of codes. */
export function IsCode(field: string, each = false) {
  return Matches(CODE, { ...codeMessage(field), each });
}

/** `lateEntryReason` of a dated fact: optional here, the date rule (fact-dates.ts) says when it is needed. */
export function IsLateEntryReason() {
  return applyDecorators(
    ApiPropertyOptional({
      enum: LATE_ENTRY_REASONS,
      description: 'Why a fact dated before today is recorded late (within the network window)',
    }),
    IsOptional(),
    IsIn(LATE_ENTRY_REASONS),
  );
}
