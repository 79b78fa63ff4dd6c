import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

// Requests about one referral. Codes are short tokens from the network's lists, never prose;
// a clinician's note is free text and stays in the referral's stream (never published).

const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CODE_MESSAGE = (field: string) => `${field} must be a code: lowercase letters, digits and dashes, e.g. no-capacity`;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class AssignProviderDto {
  @ApiProperty({ example: 'riverside-trauma', description: "A provider of the referral's site directory" })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, {
    message: 'providerId must be a directory id: letters, digits, dots, dashes and underscores',
  })
  providerId!: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'no-capacity' }) @IsString() @Matches(CODE, { message: CODE_MESSAGE('reasonCode') }) reasonCode!: string;
  @ApiPropertyOptional({ description: 'Free text for the team; stays in this service' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ScheduleAppointmentDto {
  @ApiProperty({ example: '2026-12-03' })
  @IsString()
  @Matches(DATE, { message: 'appointmentDate must be a date written YYYY-MM-DD, e.g. 2026-12-03' })
  appointmentDate!: string;
}

export class CompleteReferralDto {
  @ApiProperty({ description: 'Whether the specialist confirmed the condition the referral was for' })
  @IsBoolean()
  conditionConfirmed!: boolean;
  @ApiProperty({ example: ['start-ssri', 'weekly-psychotherapy'] })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(CODE, {
    each: true,
    message: 'each of recommendationCodes must be a code: lowercase letters, digits and dashes, e.g. start-ssri',
  })
  recommendationCodes!: string[];
  @ApiPropertyOptional({ description: 'Free text for the team; stays in this service' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
