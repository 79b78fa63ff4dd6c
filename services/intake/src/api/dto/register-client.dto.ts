import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IdentityText } from '@continuum/platform';
import { REFERRAL_SOURCES, type ReferralSource } from '../../domain/index.js';
import { EARLIEST_DATE_OF_BIRTH } from '../../domain/person.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ContactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;
}

export class PersonDto {
  // Names are stored in Unicode NFC, one line, without control or bidi characters (400 naming the field).
  @ApiProperty({ minLength: 1, maxLength: 200 }) @IdentityText(200) givenName!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) @IdentityText(200) familyName!: string;
  @ApiProperty({
    example: '1990-04-23',
    format: 'date',
    description: `From ${EARLIEST_DATE_OF_BIRTH} to today; outside that range the registration is refused (422)`,
  })
  @Matches(ISO_DATE, { message: 'dateOfBirth must be a date written YYYY-MM-DD' })
  dateOfBirth!: string;
  @ApiProperty({ type: ContactDto }) @IsObject() @ValidateNested() @Type(() => ContactDto) contact!: ContactDto;
}

export class ReferralDto {
  @ApiProperty({ enum: REFERRAL_SOURCES }) @IsIn(REFERRAL_SOURCES) source!: ReferralSource;
  @ApiProperty({ example: 'alcohol-use' }) @IsString() @IsNotEmpty() @MaxLength(100) reasonCode!: string;
  @ApiPropertyOptional({ description: 'For an aftercare re-entry: the care episode it follows' })
  @IsOptional()
  @IsString()
  previousEpisodeId?: string;
}

/** POST /clients: the referral in and the registration at a site, as one act. */
export class RegisterClientDto {
  @ApiProperty({ example: 'site-north' }) @IsString() @IsNotEmpty() @MaxLength(100) siteId!: string;
  @ApiProperty({ type: ReferralDto }) @IsObject() @ValidateNested() @Type(() => ReferralDto) referral!: ReferralDto;
  @ApiProperty({ type: PersonDto }) @IsObject() @ValidateNested() @Type(() => PersonDto) person!: PersonDto;
}

/** POST /clients/{id}/referrals: a later referral of a known client (e.g. aftercare re-entry). */
export class ReferClientDto extends ReferralDto {}
