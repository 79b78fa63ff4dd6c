import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DUPLICATE_OUTCOMES } from '../../domain/index.js';

// Which outcomes exist is the domain's rule (domain/duplicate-review.ts): another is a 422 naming them.
export class ResolveDuplicateReviewDto {
  @ApiPropertyOptional({
    enum: DUPLICATE_OUTCOMES,
    description: 'same-person: the records are linked; different-people: the flag is cleared',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  outcome?: string;
}

export class DuplicateReviewQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(2000) after?: string;
}
