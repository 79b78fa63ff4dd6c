import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { type AsamEdition } from '@continuum/care-episode';
import { ADMISSION_TRACKS, type AdmissionTrack } from '../../domain/index.js';

/** A level of care always travels with its ASAM edition; whether the code exists in it is the catalogue's call (422). */
export class LevelOfCareDto {
  @ApiProperty({ enum: [3, 4] }) @IsIn([3, 4]) edition!: AsamEdition;
  @ApiProperty({ example: '2.1' }) @IsString() @IsNotEmpty() @MaxLength(10) code!: string;
}

export class DecidePlacementDto {
  @ApiProperty({ type: LevelOfCareDto }) @IsObject() @ValidateNested() @Type(() => LevelOfCareDto) level!: LevelOfCareDto;
  @ApiPropertyOptional({ description: 'Required when the level differs from the recommendation: the variance is kept' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  varianceReason?: string;
}

export class AdmitClientDto {
  @ApiProperty({ type: LevelOfCareDto }) @IsObject() @ValidateNested() @Type(() => LevelOfCareDto) level!: LevelOfCareDto;
  @ApiProperty({ example: 'site-north' }) @IsString() @IsNotEmpty() @MaxLength(100) siteId!: string;
  @ApiProperty({ enum: ADMISSION_TRACKS }) @IsIn(ADMISSION_TRACKS) track!: AdmissionTrack;
  @ApiProperty({ example: '2026-11-30' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startDate must be a date written YYYY-MM-DD' })
  startDate!: string;
}
