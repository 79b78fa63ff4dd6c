import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsNumber, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DIMENSIONS, type CoOccurringDisorderStatus, type Obligation, type UseSeverity, type WithdrawalRisk } from '../../domain/index.js';

// Ranges (ratings 0–4, years ≥ 0) are the domain's rules and come back as a 422 naming each
// field; this DTO checks the request's shape.

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
  @ApiProperty({ enum: ['mild', 'moderate', 'severe'] }) @IsIn(['mild', 'moderate', 'severe']) severity!: UseSeverity;
}

export class RecordAssessmentDto {
  @ApiProperty({ type: DimensionRatingsDto, description: `ratings for ${DIMENSIONS.join(', ')}` })
  @IsObject()
  @ValidateNested()
  @Type(() => DimensionRatingsDto)
  ratings!: DimensionRatingsDto;
  @ApiProperty({ type: [SubstanceUseDto] }) @IsArray() @ValidateNested({ each: true }) @Type(() => SubstanceUseDto) substances!: SubstanceUseDto[];
  @ApiProperty() @IsBoolean() hasPriorTreatment!: boolean;
  @ApiProperty() @IsBoolean() relapsedAfterTreatment!: boolean;
  @ApiProperty({ enum: ['none', 'low', 'moderate', 'high'] }) @IsIn(['none', 'low', 'moderate', 'high']) withdrawalRisk!: WithdrawalRisk;
  @ApiProperty() @IsBoolean() isHomeStableAndSafe!: boolean;
  @ApiProperty() @IsBoolean() hasSupportNetwork!: boolean;
  @ApiProperty() @IsBoolean() livesInSoberLiving!: boolean;
  @ApiProperty({ enum: ['children', 'work', 'caregiving'], isArray: true })
  @IsArray()
  @IsIn(['children', 'work', 'caregiving'], { each: true })
  obligations!: Obligation[];
  @ApiProperty() @IsBoolean() isWillingToAttend!: boolean;
  @ApiProperty() @IsBoolean() completedResidentialProgramme!: boolean;
  @ApiProperty({ enum: ['none', 'stable', 'not-stable'] }) @IsIn(['none', 'stable', 'not-stable']) coOccurringDisorder!: CoOccurringDisorderStatus;
  @ApiProperty() @IsBoolean() reportsTrauma!: boolean;
}
