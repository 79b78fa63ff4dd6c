import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsNumber, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import {
  DIMENSIONS,
  WITHDRAWAL_RISKS,
  type CoOccurringDisorderStatus,
  type Obligation,
  type UseSeverity,
  type WithdrawalRisk,
} from '../../domain/index.js';

// Ranges (ratings 0–4, years ≥ 0, 0–11 criteria) and agreement between fields (the withdrawal
// rating and risk, a severity and its criteria count) are the domain's rules and come back as a
// 422 naming each field; this DTO checks the request's shape.

export class DimensionRatingsDto {
  @ApiProperty({ minimum: 0, maximum: 4 }) @IsNumber() withdrawal!: number;
  @ApiProperty({ minimum: 0, maximum: 4 }) @IsNumber() biomedical!: number;
  @ApiProperty({ minimum: 0, maximum: 4 }) @IsNumber() emotionalBehavioural!: number;
  @ApiProperty({ minimum: 0, maximum: 4 }) @IsNumber() readiness!: number;
  @ApiProperty({ minimum: 0, maximum: 4 }) @IsNumber() relapseRisk!: number;
  @ApiProperty({ minimum: 0, maximum: 4 }) @IsNumber() recoveryEnvironment!: number;
}

export class SubstanceUseDto {
  @ApiProperty({ example: 'alcohol' }) @IsString() @MaxLength(100) substanceCode!: string;
  @ApiProperty({ example: 6 }) @IsNumber() yearsOfUse!: number;
  @ApiPropertyOptional({
    enum: ['mild', 'moderate', 'severe'],
    description: 'The DSM-5 severity; may be left out when criteriaCount is given, and must agree with it when both are',
  })
  @IsOptional()
  @IsIn(['mild', 'moderate', 'severe'])
  severity?: UseSeverity;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 11,
    example: 5,
    description: 'How many of the 11 DSM-5 criteria are met: 2–3 mild, 4–5 moderate, 6 or more severe',
  })
  @IsOptional()
  @IsNumber()
  criteriaCount?: number;
}

export class RecordAssessmentDto {
  @ApiProperty({ type: DimensionRatingsDto, description: `ratings for ${DIMENSIONS.join(', ')}` })
  @IsObject()
  @ValidateNested()
  @Type(() => DimensionRatingsDto)
  ratings!: DimensionRatingsDto;
  @ApiProperty({ type: [SubstanceUseDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SubstanceUseDto)
  substances!: SubstanceUseDto[];
  @ApiProperty() @IsBoolean() hasPriorTreatment!: boolean;
  @ApiProperty() @IsBoolean() relapsedAfterTreatment!: boolean;
  @ApiProperty({ enum: WITHDRAWAL_RISKS, description: 'Must agree with the withdrawal rating: 4 with high or severe, 0 with none' })
  @IsIn(WITHDRAWAL_RISKS)
  withdrawalRisk!: WithdrawalRisk;
  @ApiProperty() @IsBoolean() isHomeStableAndSafe!: boolean;
  @ApiProperty() @IsBoolean() hasSupportNetwork!: boolean;
  @ApiProperty() @IsBoolean() livesInSoberLiving!: boolean;
  @ApiProperty({ enum: ['children', 'work', 'caregiving'], isArray: true })
  @IsArray()
  @IsIn(['children', 'work', 'caregiving'], { each: true })
  obligations!: Obligation[];
  @ApiProperty() @IsBoolean() isWillingToAttend!: boolean;
  @ApiProperty() @IsBoolean() completedResidentialProgramme!: boolean;
  @ApiPropertyOptional({ description: 'A completed partial hospitalisation programme, which IOP steps down from; false when left out' })
  @IsOptional()
  @IsBoolean()
  completedPartialHospitalisation?: boolean;
  @ApiProperty({ enum: ['none', 'stable', 'not-stable'] })
  @IsIn(['none', 'stable', 'not-stable'])
  coOccurringDisorder!: CoOccurringDisorderStatus;
  @ApiProperty() @IsBoolean() reportsTrauma!: boolean;
}
