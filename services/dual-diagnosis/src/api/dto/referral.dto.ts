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

/** A bona fide medical emergency (42 CFR 2.51(c)): who receives, their affiliation, the nature of the emergency. Stays in this service. */
export class EmergencyDisclosureDto {
  @ApiPropertyOptional({ example: 'mercy-ed', description: 'The directory id of the receiving medical personnel, when it has one' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, {
    message: 'recipientId must be a directory id: letters, digits, dots, dashes and underscores',
  })
  recipientId?: string;
  @ApiProperty({ example: 'Dr. R. Osei', description: 'The medical personnel who receive the information' })
  @IsString()
  @MaxLength(300)
  recipientName!: string;
  @ApiProperty({ example: 'Mercy Hospital emergency department', description: 'Their affiliation with a health care facility' })
  @IsString()
  @MaxLength(300)
  affiliation!: string;
  @ApiProperty({ example: 'Imminent suicide risk: client brought to the emergency department' })
  @IsString()
  @MaxLength(2000)
  natureOfEmergency!: string;
  @ApiProperty({
    description: "Whether the client's consent could be obtained; the emergency path is only for when it cannot (42 CFR 2.51(a))",
  })
  @IsBoolean()
  consentObtainable!: boolean;
}
