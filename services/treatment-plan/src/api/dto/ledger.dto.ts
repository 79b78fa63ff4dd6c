import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DISCHARGE_DISPOSITIONS,
  type DischargeDisposition,
  EVIDENCE_KINDS,
  type EvidenceKind,
  type LateEntryReason,
  LEVEL_CHANGE_REASONS,
  type LevelChangeReasonCode,
  SITE_TRANSFER_REASONS,
  type SiteTransferReasonCode,
} from '@continuum/care-episode';
import { IsCalendarDate, IsLateEntryReason, LevelOfCareDto } from './level-of-care.dto.js';

export class EvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS }) @IsIn(EVIDENCE_KINDS) kind!: EvidenceKind;
  @ApiProperty({ example: 'drug-test-4' }) @IsString() @IsNotEmpty() @MaxLength(128) id!: string;
}

class LevelChangeReasonDto {
  @ApiProperty({ enum: LEVEL_CHANGE_REASONS }) @IsIn(LEVEL_CHANGE_REASONS) code!: LevelChangeReasonCode;
  @ApiPropertyOptional({ description: 'The id of the note that explains it (never the note itself)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  reference?: string;
}

class SiteTransferReasonDto {
  @ApiProperty({ enum: SITE_TRANSFER_REASONS }) @IsIn(SITE_TRANSFER_REASONS) code!: SiteTransferReasonCode;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(128) reference?: string;
}

export class ChangeLevelDto {
  @ApiProperty({ type: LevelOfCareDto, description: 'The level you saw the client at; a stale one is refused (422)' })
  @IsObject()
  @ValidateNested()
  @Type(() => LevelOfCareDto)
  from!: LevelOfCareDto;
  @ApiProperty({ type: LevelOfCareDto }) @IsObject() @ValidateNested() @Type(() => LevelOfCareDto) to!: LevelOfCareDto;
  @ApiProperty({ type: LevelChangeReasonDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LevelChangeReasonDto)
  reason!: LevelChangeReasonDto;
  @ApiProperty({ type: [EvidenceDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto[];
  @ApiPropertyOptional({ example: '2026-02-02', description: 'Today at the site when left out; never after it' })
  @IsOptional()
  @IsCalendarDate('effectiveDate')
  effectiveDate?: string;
  @IsLateEntryReason() lateEntryReason?: LateEntryReason;
}

class AuthorizedAmountDto {
  @ApiProperty({ example: 30 }) @IsInt() @Min(1) quantity!: number;
  @ApiProperty({ enum: ['days', 'units'] }) @IsIn(['days', 'units']) unit!: 'days' | 'units';
}

export class RecordAuthorizationDto {
  @ApiProperty({ type: LevelOfCareDto }) @IsObject() @ValidateNested() @Type(() => LevelOfCareDto) level!: LevelOfCareDto;
  @ApiProperty({ type: AuthorizedAmountDto }) @IsObject() @ValidateNested() @Type(() => AuthorizedAmountDto) amount!: AuthorizedAmountDto;
  @ApiProperty({ example: '2026-03-01', description: 'Last covered day, inclusive' }) @IsCalendarDate('throughDate') throughDate!: string;
  @ApiProperty({ example: 'payer-auth-88231' }) @IsString() @IsNotEmpty() @MaxLength(128) payerReference!: string;
}

export class TransferSiteDto {
  @ApiProperty({ example: 'site-south' }) @IsString() @IsNotEmpty() @MaxLength(100) toSiteId!: string;
  @ApiProperty({ type: SiteTransferReasonDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SiteTransferReasonDto)
  reason!: SiteTransferReasonDto;
  @ApiPropertyOptional({ description: 'Today at the site when left out; never after it' })
  @IsOptional()
  @IsCalendarDate('effectiveDate')
  effectiveDate?: string;
  @IsLateEntryReason() lateEntryReason?: LateEntryReason;
}

export class DischargeDto {
  @ApiProperty({ enum: DISCHARGE_DISPOSITIONS, description: '`completed` only when the plan says the client is ready (422 otherwise)' })
  @IsIn(DISCHARGE_DISPOSITIONS)
  disposition!: DischargeDisposition;
  @ApiProperty({ example: 'discharge-summary-311', description: 'The id of the saved discharge summary' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  dischargeSummaryRef!: string;
  @ApiPropertyOptional({ description: 'Today at the site when left out; never after it' })
  @IsOptional()
  @IsCalendarDate('date')
  date?: string;
  @IsLateEntryReason() lateEntryReason?: LateEntryReason;
}
