import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CORRECTABLE_KINDS,
  type CorrectableKind,
  DRUG_TEST_STAGES,
  type DrugTestStage,
  ENTERED_IN_ERROR_REASONS,
  SPECIMENS,
  type Specimen,
  DRUG_TEST_RESULTS,
  DUAL_DIAGNOSIS_SPECIALTIES,
  type DrugTestResult,
  type DualDiagnosisSpecialty,
  REFERRAL_URGENCIES,
  type ReferralUrgency,
  UNDER_DOSED_FOLLOW_UP_OUTCOMES,
  type UnderDosedFollowUpOutcome,
} from '../../domain/index.js';
import { type LateEntryReason } from '@continuum/care-episode';
import { EvidenceDto } from './ledger.dto.js';
import { IsCalendarDate, IsCode, IsLateEntryReason } from './level-of-care.dto.js';
import { ExtendProgrammeDto } from './plan-structure.dto.js';

export class RecordSessionDto {
  @ApiProperty({ example: '2026-02-02' }) @IsCalendarDate('date') date!: string;
  @ApiProperty({ example: 3, description: 'Hours attended, or scheduled when missed' }) @IsNumber() @Min(0) @Max(24) hours!: number;
  @ApiProperty() @IsBoolean() attended!: boolean;
  @ApiPropertyOptional({ example: 'group-counselling' }) @IsOptional() @IsString() @IsCode('kind') kind?: string;
  @IsLateEntryReason() lateEntryReason?: LateEntryReason;
}

export class RecordDrugTestDto {
  @ApiProperty({ example: '2026-02-02', description: "The specimen's collection day" }) @IsCalendarDate('date') date!: string;
  @ApiProperty({ enum: DRUG_TEST_RESULTS }) @IsIn(DRUG_TEST_RESULTS) result!: DrugTestResult;
  @ApiProperty({
    example: ['buprenorphine', 'fentanyl'],
    type: [String],
    description: 'The analytes found (a positive names at least one); a metabolite may be named (norbuprenorphine, eddp)',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsCode('substanceCodes', true)
  substanceCodes!: string[];
  @IsLateEntryReason() lateEntryReason?: LateEntryReason;
  @ApiPropertyOptional({ enum: SPECIMENS, description: 'Urine when left out' }) @IsOptional() @IsIn(SPECIMENS) specimen?: Specimen;
  @ApiPropertyOptional({
    example: [
      'alcohol',
      'amphetamines',
      'benzodiazepines',
      'buprenorphine',
      'cannabis',
      'cocaine',
      'fentanyl',
      'methadone',
      'opiates',
      'oxycodone',
    ],
    type: [String],
    description: 'The analytes tested for: a negative for a prescribed medication on the panel is flagged for review',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  @IsCode('panel', true)
  panel?: string[];
  @ApiPropertyOptional({ description: 'Whether the collection was observed' }) @IsOptional() @IsBoolean() observed?: boolean;
  @ApiPropertyOptional({ example: 'presumptive', enum: DRUG_TEST_STAGES, description: 'A point-of-care result is presumptive' })
  @IsOptional()
  @IsIn(DRUG_TEST_STAGES)
  stage?: DrugTestStage;
}

export class ConfirmDrugTestDto {
  @ApiProperty({ enum: DRUG_TEST_RESULTS, description: "The laboratory's result: it supersedes the presumptive one" })
  @IsIn(DRUG_TEST_RESULTS)
  result!: DrugTestResult;
  @ApiProperty({ example: ['norbuprenorphine'], type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsCode('substanceCodes', true)
  substanceCodes!: string[];
}

export class MarkEnteredInErrorDto {
  @ApiProperty({ enum: CORRECTABLE_KINDS }) @IsIn(CORRECTABLE_KINDS) kind!: CorrectableKind;
  @ApiProperty({ example: 'drug-test-1f9e…', description: 'The testId or sessionId the plan answered with' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  id!: string;
  @ApiProperty({ enum: ENTERED_IN_ERROR_REASONS }) @IsIn(ENTERED_IN_ERROR_REASONS) reasonCode!: (typeof ENTERED_IN_ERROR_REASONS)[number];
}

export class RecordSelfReportDto {
  @ApiProperty({ example: '2026-02-02' }) @IsCalendarDate('date') date!: string;
  @ApiProperty() @IsBoolean() used!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate('lastUseDate') lastUseDate?: string;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsCode('substanceCodes', true)
  substanceCodes!: string[];
}

export class RecordRelapseDto {
  @ApiProperty({ example: '2026-02-01' }) @IsCalendarDate('date') date!: string;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsCode('substanceCodes', true)
  substanceCodes!: string[];
  @ApiProperty({ type: [EvidenceDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto[];
  @ApiPropertyOptional({ type: ExtendProgrammeDto, description: 'Lengthen the programme in the same act' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ExtendProgrammeDto)
  extendProgramme?: ExtendProgrammeDto;
}

export class RequestDualDiagnosisReferralDto {
  @ApiProperty({ enum: DUAL_DIAGNOSIS_SPECIALTIES }) @IsIn(DUAL_DIAGNOSIS_SPECIALTIES) specialty!: DualDiagnosisSpecialty;
  @ApiProperty({ enum: REFERRAL_URGENCIES }) @IsIn(REFERRAL_URGENCIES) urgency!: ReferralUrgency;
  @ApiProperty({ example: 'depression' }) @IsString() @IsCode('conditionCode') conditionCode!: string;
}

/** What was done about an under-dosed week, as a code (under-dosed-follow-ups.ts). */
export class FollowUpUnderDosedWeekDto {
  @ApiProperty({ enum: UNDER_DOSED_FOLLOW_UP_OUTCOMES, example: 'client-contacted' })
  @IsIn(UNDER_DOSED_FOLLOW_UP_OUTCOMES)
  outcome!: UnderDosedFollowUpOutcome;
}

/** The week of an under-dosed alert: its Monday, as the under-dosed queue lists it. */
export class UnderDosedWeekParamsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() planId!: string;
  @ApiProperty({ example: '2026-01-05' }) @IsCalendarDate('weekStart') weekStart!: string;
}
