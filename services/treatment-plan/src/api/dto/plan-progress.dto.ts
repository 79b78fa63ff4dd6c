import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DRUG_TEST_RESULTS,
  DUAL_DIAGNOSIS_SPECIALTIES,
  type DrugTestResult,
  type DualDiagnosisSpecialty,
  REFERRAL_URGENCIES,
  type ReferralUrgency,
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
  @ApiProperty({ example: ['opioids'], type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsCode('substanceCodes', true)
  substanceCodes!: string[];
  @IsLateEntryReason() lateEntryReason?: LateEntryReason;
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
