import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { LATE_ENTRY_REASONS } from '@continuum/care-episode';
import { INSTRUMENTS, type Instrument, type ScreeningAnswers } from '../../domain/index.js';

// Which answers each instrument needs, how many and in what range, is the domain's knowledge
// (domain/screening.ts): it answers 422 naming each item that is missing or out of range.
// This DTO fixes only the request's shape; scores are never accepted from the caller.

export class CssrsAnswersDto {
  @ApiProperty() @IsBoolean() q1!: boolean;
  @ApiProperty() @IsBoolean() q2!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() q3?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() q4?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() q5?: boolean;
  @ApiProperty() @IsBoolean() q6!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() q6WithinPastThreeMonths?: boolean;
}

export class RecordScreeningDto {
  @ApiProperty({ enum: Object.keys(INSTRUMENTS) }) @IsIn(Object.keys(INSTRUMENTS)) instrument!: Instrument;
  @ApiPropertyOptional({
    description: 'Item answers in order: numbers for PHQ-9, GAD-7, AUDIT-C; true/false for PC-PTSD-5, MDQ, DAST-10',
    example: [2, 2, 2, 2, 2, 2, 1, 1, 0],
  })
  @IsOptional()
  @IsArray()
  items?: Array<number | boolean>;
  @ApiPropertyOptional({ description: 'PC-PTSD-5 exposure gate' }) @IsOptional() @IsBoolean() exposure?: boolean;
  @ApiPropertyOptional({ description: 'MDQ question 2' }) @IsOptional() @IsBoolean() sameTimePeriod?: boolean;
  @ApiPropertyOptional({ enum: ['none', 'minor', 'moderate', 'serious'], description: 'MDQ question 3' })
  @IsOptional()
  @IsIn(['none', 'minor', 'moderate', 'serious'])
  impairment?: 'none' | 'minor' | 'moderate' | 'serious';
  @ApiPropertyOptional({ enum: ['male', 'female', 'unspecified'], description: 'AUDIT-C cutoffs depend on it' })
  @IsOptional()
  @IsIn(['male', 'female', 'unspecified'])
  sex?: 'male' | 'female' | 'unspecified';
  @ApiPropertyOptional({ type: CssrsAnswersDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CssrsAnswersDto)
  answers?: CssrsAnswersDto;
  @ApiPropertyOptional({
    example: '2026-03-02',
    description: "The day it was given (YYYY-MM-DD); today at the client's site when left out",
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  administeredOn?: string;
  @ApiPropertyOptional({ enum: LATE_ENTRY_REASONS, description: 'For a screening given before today: why it is recorded late' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  lateEntryReason?: string;
}

/** `GET /clients/{id}/screenings/trend?instrument=PHQ-9` */
export class ScreeningTrendQueryDto {
  @ApiProperty({ enum: Object.keys(INSTRUMENTS), example: 'PHQ-9' }) @IsIn(Object.keys(INSTRUMENTS)) instrument!: Instrument;
}

/** The domain's answers for the instrument, with only the fields that instrument asks. */
export function screeningAnswersOf(dto: RecordScreeningDto): ScreeningAnswers {
  switch (dto.instrument) {
    case 'PHQ-9':
    case 'GAD-7':
      return { instrument: dto.instrument, items: dto.items as number[] };
    case 'AUDIT-C':
      return { instrument: 'AUDIT-C', items: dto.items as number[], sex: dto.sex! };
    case 'DAST-10':
      return { instrument: 'DAST-10', items: dto.items as boolean[] };
    case 'MDQ':
      return { instrument: 'MDQ', items: dto.items as boolean[], sameTimePeriod: dto.sameTimePeriod!, impairment: dto.impairment! };
    case 'PC-PTSD-5':
      return { instrument: 'PC-PTSD-5', exposure: dto.exposure!, ...(dto.items === undefined ? {} : { items: dto.items as boolean[] }) };
    case 'C-SSRS':
      return { instrument: 'C-SSRS', answers: { ...dto.answers! } };
  }
}
