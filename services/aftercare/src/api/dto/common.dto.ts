import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { type AsamEdition } from '@continuum/care-episode';

/** A level of care always travels with its ASAM edition; whether the code exists in it is the catalogue's call (422). */
export class LevelOfCareDto {
  @ApiProperty({ enum: [3, 4] }) @IsIn([3, 4]) edition!: AsamEdition;
  @ApiProperty({ example: '1' }) @IsString() @IsNotEmpty() @MaxLength(10) code!: string;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function IsCalendarDate(field: string) {
  return Matches(CALENDAR_DATE, { message: `${field} must be a date written YYYY-MM-DD` });
}

/** An id from a directory or the client's record (a provider, a residence, a contact): never a name. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function IsReference(field: string) {
  return Matches(REFERENCE, { message: `${field} must be an id (letters, digits, dots, colons, dashes), not a name or free text` });
}
