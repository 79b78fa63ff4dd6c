import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import {
  DOSE_UNITS,
  EXTERNAL_SOURCES,
  FREQUENCIES,
  MEDICATION_CODES,
  type MedicationCode,
  NALOXONE_ACTIONS,
  PDMP_RESULTS,
  ROUTES,
  STOP_REASONS,
  VERIFICATIONS,
} from '../../domain/index.js';
import { IsCalendarDate } from './level-of-care.dto.js';

// Medication for addiction treatment over HTTP: codes and numbers only. The medication is a
// catalogue code (its RxNorm code is the catalogue's); who ordered, recorded or checked is the
// caller.

export class OrderMedicationDto {
  @ApiProperty({ enum: MEDICATION_CODES, example: 'buprenorphine-naloxone' }) @IsIn(MEDICATION_CODES) code!: MedicationCode;
  @ApiProperty({ example: 16 }) @IsNumber() @Min(0) doseAmount!: number;
  @ApiProperty({ enum: DOSE_UNITS, example: 'mg' }) @IsIn(DOSE_UNITS) doseUnit!: (typeof DOSE_UNITS)[number];
  @ApiProperty({ enum: ROUTES, example: 'sublingual' }) @IsIn(ROUTES) route!: (typeof ROUTES)[number];
  @ApiProperty({ enum: FREQUENCIES, example: 'daily' }) @IsIn(FREQUENCIES) frequency!: (typeof FREQUENCIES)[number];
  @ApiProperty({ example: '2026-02-02', description: 'Today or later' }) @IsCalendarDate('startDate') startDate!: string;
}

export class RecordExternalMedicationDto {
  @ApiProperty({ enum: MEDICATION_CODES, example: 'buprenorphine-naloxone' }) @IsIn(MEDICATION_CODES) code!: MedicationCode;
  @ApiProperty({
    enum: EXTERNAL_SOURCES,
    example: 'external-prescriber',
    description: 'Methadone for opioid use disorder comes only from an opioid treatment programme (42 CFR Part 8)',
  })
  @IsIn(EXTERNAL_SOURCES)
  source!: (typeof EXTERNAL_SOURCES)[number];
  @ApiProperty({
    example: 'npi-1234567893',
    description: "The prescriber's or programme's id (an NPI, the programme's code), never a name",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[a-z0-9][a-z0-9.-]{0,63}$/, { message: 'prescriberId must be an id of lowercase letters, digits, dots and dashes' })
  prescriberId!: string;
  @ApiProperty({ example: '2026-01-20', description: 'Since when the client takes it' }) @IsCalendarDate('since') since!: string;
  @ApiProperty({ enum: VERIFICATIONS, example: 'pdmp' }) @IsIn(VERIFICATIONS) verification!: (typeof VERIFICATIONS)[number];
}

export class StopMedicationDto {
  @ApiProperty({ example: '2026-03-02' }) @IsCalendarDate('stopDate') stopDate!: string;
  @ApiProperty({ enum: STOP_REASONS, example: 'completed-taper' }) @IsIn(STOP_REASONS) reasonCode!: (typeof STOP_REASONS)[number];
}

export class RecordPdmpCheckDto {
  @ApiProperty({ example: '2026-02-02', description: 'The day the PDMP was checked' }) @IsCalendarDate('date') date!: string;
  @ApiProperty({ enum: PDMP_RESULTS, example: 'no-concerns', description: '`unavailable` is recorded but satisfies no check' })
  @IsIn(PDMP_RESULTS)
  result!: (typeof PDMP_RESULTS)[number];
}

export class RecordNaloxoneDto {
  @ApiProperty({ example: '2026-02-02' }) @IsCalendarDate('date') date!: string;
  @ApiProperty({ enum: NALOXONE_ACTIONS, example: 'dispensed' }) @IsIn(NALOXONE_ACTIONS) action!: (typeof NALOXONE_ACTIONS)[number];
}

export class DrawRandomTestsDto {
  @ApiProperty({ example: '2026-02-02', description: 'The Monday of the week drawn for' }) @IsCalendarDate('weekStart') weekStart!: string;
}

export class DueTestsQueryDto {
  @ApiPropertyOptional({ example: '2026-02-04', description: 'The day asked about; today at the site when left out' })
  @IsOptional()
  @IsCalendarDate('date')
  date?: string;
}
