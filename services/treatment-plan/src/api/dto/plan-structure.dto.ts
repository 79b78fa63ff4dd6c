import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import {
  ASAM_DIMENSIONS,
  type AsamDimension,
  GOAL_STATUSES,
  type GoalStatus,
  INTERVENTION_KINDS,
  type InterventionKind,
  PLAN_SIGNERS,
  type PlanSigner,
} from '../../domain/index.js';
import { IsCalendarDate, IsCode } from './level-of-care.dto.js';

export class AddProblemDto {
  @ApiProperty({ example: 'opioid-use-disorder' }) @IsString() @IsCode('code') code!: string;
  @ApiPropertyOptional({ enum: ASAM_DIMENSIONS }) @IsOptional() @IsIn(ASAM_DIMENSIONS) dimension?: AsamDimension;
}

export class AddGoalDto {
  @ApiProperty() @IsString() problemId!: string;
  @ApiProperty({ example: 'abstinence-90-days' }) @IsString() @IsCode('code') code!: string;
  @ApiProperty({ example: '2026-04-30' }) @IsCalendarDate('targetDate') targetDate!: string;
}

export class ChangeGoalStatusDto {
  @ApiProperty({ enum: GOAL_STATUSES }) @IsIn(GOAL_STATUSES) status!: GoalStatus;
  @ApiPropertyOptional({ example: 'client-request' }) @IsOptional() @IsString() @IsCode('reasonCode') reasonCode?: string;
}

export class AddObjectiveDto {
  @ApiProperty() @IsString() goalId!: string;
  @ApiProperty({ example: 'attend-three-groups-weekly' }) @IsString() @IsCode('code') code!: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate('targetDate') targetDate?: string;
}

export class AddInterventionDto {
  @ApiProperty() @IsString() problemId!: string;
  @ApiProperty({ enum: INTERVENTION_KINDS }) @IsIn(INTERVENTION_KINDS) kind!: InterventionKind;
  @ApiPropertyOptional({ example: 2 }) @IsOptional() @IsNumber() @Min(0) @Max(50) frequencyPerWeek?: number;
}

export class SignPlanDto {
  @ApiProperty({ enum: PLAN_SIGNERS, description: "clinician: you sign; client: you record the client's signature" })
  @IsIn(PLAN_SIGNERS)
  signer!: PlanSigner;
}

export class ReviewPlanDto {
  @ApiProperty({ example: 'goals-on-track' }) @IsString() @IsCode('outcomeCode') outcomeCode!: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate('reviewedOn') reviewedOn?: string;
}

export class RevisePlanDto {
  @ApiProperty({ example: 'relapse' }) @IsString() @IsCode('reasonCode') reasonCode!: string;
}

export class ExtendProgrammeDto {
  @ApiProperty({ example: '2026-05-31' }) @IsCalendarDate('newEndDate') newEndDate!: string;
  @ApiProperty({ example: 'relapse' }) @IsString() @IsCode('reasonCode') reasonCode!: string;
}
