import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { REVOCATION_CHANNELS, type RevocationChannel } from '../../domain/index.js';

// The shape of a Part 2 consent form. Whether the form is COMPLETE (every element of
// 42 CFR 2.31(a)) is the domain's rule, so every element is optional here: a form missing
// elements is a 422 naming each one; a field of the wrong type or an unknown field is a 400.

export class ConsentRecipientDto {
  @ApiProperty({ enum: ['named', 'treating-providers'] }) @IsIn(['named', 'treating-providers']) kind!: 'named' | 'treating-providers';
  @ApiPropertyOptional({ description: 'For a named recipient: the provider directory id' }) @IsOptional() @IsString() recipientId?: string;
  @ApiPropertyOptional({ description: 'For a named recipient: the name as written on the form' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;
}

export class ConsentExpiryDto {
  @ApiProperty({ enum: ['date', 'event'] }) @IsIn(['date', 'event']) kind!: 'date' | 'event';
  @ApiPropertyOptional({ example: '2027-06-30' }) @IsOptional() @IsString() expiresOn?: string;
  @ApiPropertyOptional({ example: 'discharge from the programme' }) @IsOptional() @IsString() @MaxLength(300) event?: string;
}

export class ConsentSignatureDto {
  @ApiProperty({ enum: ['client', 'authorised-representative'] })
  @IsIn(['client', 'authorised-representative'])
  signedBy!: 'client' | 'authorised-representative';
  @ApiProperty() @IsString() @MaxLength(300) signerName!: string;
  @ApiPropertyOptional({ example: 'legal guardian' }) @IsOptional() @IsString() @MaxLength(300) representativeAuthority?: string;
  @ApiProperty({ example: '2026-11-23' }) @IsString() signedOn!: string;
}

export class GrantConsentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) clientName?: string;
  @ApiPropertyOptional({ example: 'Continuum North IOP' }) @IsOptional() @IsString() @MaxLength(300) disclosingParty?: string;
  @ApiPropertyOptional({ example: 'diagnosis, treatment plan and attendance' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  information?: string;
  @ApiPropertyOptional({ type: [ConsentRecipientDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ConsentRecipientDto)
  recipients?: ConsentRecipientDto[];
  @ApiPropertyOptional({ example: ['treatment'] }) @IsOptional() @IsArray() @IsString({ each: true }) purposes?: string[];
  @ApiPropertyOptional({ example: 'to coordinate psychiatric care' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  purposeDescription?: string;
  @ApiPropertyOptional({ type: ConsentExpiryDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentExpiryDto)
  expiry?: ConsentExpiryDto;
  @ApiPropertyOptional({ type: ConsentSignatureDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentSignatureDto)
  signature?: ConsentSignatureDto;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() acknowledgesRightToRevoke?: boolean;
}

export class RevokeConsentDto {
  @ApiProperty({ example: '2026-12-01', description: 'The date written on the revocation' }) @IsString() revokedOn!: string;
  @ApiProperty({ enum: REVOCATION_CHANNELS }) @IsIn(REVOCATION_CHANNELS) receivedVia!: RevocationChannel;
}
