import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CASE_MANAGEMENT_NEEDS,
  CASE_MANAGEMENT_STATUSES,
  type CaseManagementNeed,
  CONTINUING_THERAPY_KINDS,
  type CaseManagementStatus,
  type ContinuingTherapyKind,
  NARR_LEVELS,
  type NarrLevel,
  PEER_SUPPORT_PROGRAMMES,
  type PeerSupportProgramme,
  RECOVERY_RESIDENCE_KINDS,
  type RecoveryResidenceKind,
  SUPPORT_RELATIONSHIPS,
  type SupportRelationship,
  TRIGGER_KINDS,
  type TriggerKind,
} from '../../domain/index.js';
import { IsCalendarDate, IsReference, LevelOfCareDto } from './common.dto.js';

// The shapes the API accepts for the plan's content. Whether the content satisfies the rules
// (three support contacts, a step-down not above the discharge level…) is the domain's
// call, answered with a 422 naming each problem.

const TEXT = 500;

class TriggerDto {
  @ApiProperty({ enum: TRIGGER_KINDS }) @IsIn(TRIGGER_KINDS) kind!: TriggerKind;
  @ApiProperty({ example: 'payday evenings with old friends' }) @IsString() @MaxLength(TEXT) description!: string;
}

class SupportContactDto {
  @ApiProperty({ example: 'contact-sponsor-1', description: "The contact's id on the client's record; never a name or number" })
  @IsReference('contactId')
  contactId!: string;
  @ApiProperty({ enum: SUPPORT_RELATIONSHIPS }) @IsIn(SUPPORT_RELATIONSHIPS) relationship!: SupportRelationship;
}

class ActionPlanDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(TEXT, { each: true }) steps!: string[];
  @ApiProperty({ example: 'contact-sponsor-1' }) @IsReference('actionPlan.firstContactId') firstContactId!: string;
}

export class RelapsePreventionPlanDto {
  @ApiProperty({ type: [TriggerDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => TriggerDto)
  triggers!: TriggerDto[];
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  warningSigns!: string[];
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  copingStrategies!: string[];
  @ApiProperty({ type: [SupportContactDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SupportContactDto)
  supportContacts!: SupportContactDto[];
  @ApiProperty({ type: ActionPlanDto }) @IsObject() @ValidateNested() @Type(() => ActionPlanDto) actionPlan!: ActionPlanDto;
}

export class StepDownDto {
  @ApiProperty({ type: LevelOfCareDto }) @IsObject() @ValidateNested() @Type(() => LevelOfCareDto) level!: LevelOfCareDto;
  @ApiProperty({ example: 'provider-op-north' }) @IsReference('providerId') providerId!: string;
  @ApiProperty({ example: '2026-03-02' }) @IsCalendarDate('startDate') startDate!: string;
}

export class RecoveryResidenceDto {
  @ApiProperty({ enum: RECOVERY_RESIDENCE_KINDS }) @IsIn(RECOVERY_RESIDENCE_KINDS) kind!: RecoveryResidenceKind;
  @ApiProperty({ example: 'residence-elm-house' }) @IsReference('residenceId') residenceId!: string;
  @ApiProperty({ enum: NARR_LEVELS }) @IsIn(NARR_LEVELS) narrLevel!: NarrLevel;
  @ApiProperty({ example: '2026-03-01' }) @IsCalendarDate('moveInDate') moveInDate!: string;
}

export class LinkPeerSupportDto {
  @ApiProperty({ enum: PEER_SUPPORT_PROGRAMMES }) @IsIn(PEER_SUPPORT_PROGRAMMES) programme!: PeerSupportProgramme;
  @ApiProperty({ example: 'group-na-tuesday-north' }) @IsReference('groupId') groupId!: string;
  @ApiPropertyOptional({ description: "For `other`: the network's code for the programme" })
  @IsOptional()
  @IsReference('otherProgrammeCode')
  otherProgrammeCode?: string;
  @ApiProperty({ example: '2026-03-03' }) @IsCalendarDate('linkedOn') linkedOn!: string;
}

export class PeerSupportAttendanceDto {
  @ApiProperty({ example: '2026-03-10' }) @IsCalendarDate('meetingDate') meetingDate!: string;
  @ApiProperty() @IsBoolean() attended!: boolean;
}

export class ContinuingTherapyDto {
  @ApiProperty({ enum: CONTINUING_THERAPY_KINDS }) @IsIn(CONTINUING_THERAPY_KINDS) kind!: ContinuingTherapyKind;
  @ApiProperty({ example: 'provider-therapy-north' }) @IsReference('providerId') providerId!: string;
  @ApiProperty({ example: 4 }) @IsInt() @Min(1) @Max(31) sessionsPerMonth!: number;
  @ApiProperty({ example: '2026-03-02' }) @IsCalendarDate('startDate') startDate!: string;
}

export class CaseManagementNeedDto {
  @ApiProperty({ enum: CASE_MANAGEMENT_NEEDS }) @IsIn(CASE_MANAGEMENT_NEEDS) need!: CaseManagementNeed;
  @ApiProperty({ enum: CASE_MANAGEMENT_STATUSES }) @IsIn(CASE_MANAGEMENT_STATUSES) status!: CaseManagementStatus;
  @ApiPropertyOptional({ description: "The outside service's referral or appointment id" })
  @IsOptional()
  @IsReference('referenceId')
  referenceId?: string;
}

export class EndContinuingCareDto {
  @ApiProperty({
    enum: ['client-declined'],
    description: 'Staff end continuing care only when the client declines it; the year and a readmission end it by themselves',
  })
  @IsIn(['client-declined'])
  reason!: 'client-declined';
}
