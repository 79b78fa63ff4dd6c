import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SERVICE_NAMES, type ServiceName } from '../../domain/stored-event.js';

// A repeated query parameter arrives as an array, a single one as a string.
const asList = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export class HistoryQueryDto {
  @ApiPropertyOptional({
    enum: SERVICE_NAMES,
    isArray: true,
    description: 'Only events of these services (repeat the parameter for several)',
  })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(SERVICE_NAMES.length)
  @IsIn(SERVICE_NAMES, { each: true, message: `service must be one of ${SERVICE_NAMES.join(', ')}` })
  service?: ServiceName[];

  @ApiPropertyOptional({
    isArray: true,
    type: String,
    example: 'LevelOfCareChanged',
    description: 'Only events of these types (repeat for several)',
  })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  type?: string[];

  @ApiPropertyOptional({ description: 'Recorded at or after this instant (ISO 8601)', example: '2026-03-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 instant, e.g. 2026-03-01T00:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded at or before this instant (ISO 8601)', example: '2026-04-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 instant, e.g. 2026-04-01T00:00:00Z' })
  to?: string;
}

export class AsOfQueryDto {
  @ApiProperty({
    description: 'The instant asked about (ISO 8601): events recorded after it are not used',
    example: '2026-03-15T12:00:00Z',
  })
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 instant, e.g. 2026-03-15T12:00:00Z' })
  at!: string;
}

export class DisclosuresQueryDto {
  @ApiPropertyOptional({
    description: 'The moment the accounting is made for, the request (ISO 8601; default now): the 3- and 6-year periods end there',
    example: '2026-06-15T12:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 instant, e.g. 2026-06-15T12:00:00Z' })
  asOf?: string;

  @ApiPropertyOptional({
    description: 'A shorter period the client chose (42 CFR 2.25(a), 45 CFR 164.528(a)(3)): from 00:00 UTC of this day (YYYY-MM-DD)',
    example: '2026-01-01',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a day, YYYY-MM-DD, e.g. 2026-01-01' })
  @IsISO8601({ strict: true }, { message: 'from must be a day, YYYY-MM-DD, e.g. 2026-01-01' })
  from?: string;
}

export class UserIdParamDto {
  @ApiProperty({ description: "The staff member's user id, as their token names it", example: 'user-clinician-7' })
  @IsString()
  @Matches(/^[A-Za-z0-9._:@-]{1,128}$/, { message: 'userId must be a user id as tokens name them (letters, digits, . _ : @ -)' })
  userId!: string;
}

export class UserAccessQueryDto {
  @ApiPropertyOptional({ description: 'At or after this instant (ISO 8601)', example: '2026-03-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 instant, e.g. 2026-03-01T00:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ description: 'Before this instant (ISO 8601)', example: '2026-04-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 instant, e.g. 2026-04-01T00:00:00Z' })
  to?: string;
}
