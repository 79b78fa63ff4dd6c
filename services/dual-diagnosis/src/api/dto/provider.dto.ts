import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SPECIALTIES, type Specialty } from '../../domain/index.js';

export class RegisterProviderDto {
  @ApiProperty({ example: 'riverside-trauma' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, {
    message: 'providerId must be a directory id: letters, digits, dots, dashes and underscores',
  })
  providerId!: string;
  @ApiProperty({ example: 'site-north' }) @IsString() @MaxLength(128) siteId!: string;
  @ApiProperty({ example: 'Riverside Trauma Clinic' }) @IsString() @MaxLength(300) name!: string;
  @ApiProperty({
    enum: ['internal', 'external'],
    description: 'internal: part of the programme (no Part 2 consent needed); external: needs a consent naming it',
  })
  @IsIn(['internal', 'external'])
  kind!: 'internal' | 'external';
  @ApiProperty({ enum: SPECIALTIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(SPECIALTIES, { each: true })
  specialties!: Specialty[];
  @ApiProperty({ example: 10, description: 'Open referrals the provider takes at once' }) @IsInt() @Min(1) @Max(10_000) capacity!: number;
}
