import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SCREENING_ERROR_REASONS } from '../../domain/index.js';

/** Why a screening is marked entered-in-error: a code, never prose. */
export class MarkScreeningEnteredInErrorDto {
  @ApiProperty({ enum: SCREENING_ERROR_REASONS, example: 'wrong-client' })
  @IsIn(SCREENING_ERROR_REASONS)
  reasonCode!: (typeof SCREENING_ERROR_REASONS)[number];
}
