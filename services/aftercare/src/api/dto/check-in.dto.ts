import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional } from 'class-validator';
import { CHECK_IN_OUTCOMES, type CheckInOutcome } from '../../domain/index.js';
import { IsCalendarDate } from './common.dto.js';

export class RecordCheckInDto {
  @ApiProperty({ example: '2026-03-08', description: 'Which scheduled check-in this is (its due date on the plan)' })
  @IsCalendarDate('dueDate')
  dueDate!: string;
  @ApiPropertyOptional({ description: 'The day it took place; today by default' }) @IsOptional() @IsCalendarDate('date') date?: string;
  @ApiProperty({ enum: CHECK_IN_OUTCOMES }) @IsIn(CHECK_IN_OUTCOMES) outcome!: CheckInOutcome;
  @ApiPropertyOptional({
    type: [Number],
    example: [5, 5, 4, 5, 5, 4, 5, 5, 5, 4],
    description:
      'The ten BARC-10 answers, 1 (strongly disagree) to 6 (strongly agree); left out when the client could not be reached. Continuum adds them up.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  barc10?: number[];
}
