import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { REVOCATION_CHANNELS, type RevocationChannel } from '../../domain/index.js';

// The shape of a Part 2 consent form on the 2024 form (@continuum/consent's ConsentForm,
// docs/domain/part-2-consent-rule.md#a-valid-consent). Whether the form is COMPLETE (every
// element and statement of 42 CFR 2.31) is the domain's rule, so every element is optional
// here and its codes are plain strings: a form missing or misusing elements is a 422 naming
// each one with its section; a field of the wrong type or an unknown field is a 400.

export class ConsentInformationDto {
  @ApiPropertyOptional({
    example: 'diagnosis, screening results and attendance',
    description: '42 CFR 2.31(a)(3): specific, never "all records"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
  @ApiPropertyOptional({
    example: ['diagnosis', 'screening-results'],
    description: 'Categories; `sud-counselling-notes` only on a consent of its own',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  categories?: string[];
}

export class IntermediaryParticipantsDto {
  @ApiProperty({ enum: ['named', 'treating-providers'] }) @IsIn(['named', 'treating-providers']) kind!: 'named' | 'treating-providers';
  @ApiPropertyOptional() @IsOptional() @IsArray() @IsString({ each: true }) participantIds?: string[];
}

export class ConsentRecipientDto {
  @ApiProperty({
    enum: ['named', 'general', 'intermediary'],
    description: '42 CFR 2.31(a)(4)(i) named, or a general designation on a TPO consent; (a)(4)(ii) an intermediary',
  })
  @IsIn(['named', 'general', 'intermediary'])
  kind!: 'named' | 'general' | 'intermediary';
  @ApiPropertyOptional({ description: 'For a named recipient: the provider directory id' }) @IsOptional() @IsString() recipientId?: string;
  @ApiPropertyOptional({ description: 'For a named recipient or an intermediary: the name as written on the form' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;
  @ApiPropertyOptional({ description: 'A named recipient that is a HIPAA covered entity or business associate' })
  @IsOptional()
  @IsBoolean()
  coveredEntity?: boolean;
  @ApiPropertyOptional({ enum: ['treating-providers', 'health-plans', 'third-party-payers', 'program-operations'] })
  @IsOptional()
  @IsString()
  designation?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() intermediaryId?: string;
  @ApiPropertyOptional({ type: IntermediaryParticipantsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IntermediaryParticipantsDto)
  participants?: IntermediaryParticipantsDto;
}

export class ConsentExpiryDto {
  @ApiProperty({ enum: ['date', 'event', 'none'] }) @IsIn(['date', 'event', 'none']) kind!: 'date' | 'event' | 'none';
  @ApiPropertyOptional({ example: '2027-06-30' }) @IsOptional() @IsString() expiresOn?: string;
  @ApiPropertyOptional({ enum: ['discharge', 'end-of-aftercare', 'end-of-treatment', 'final-disposition', 'end-of-research-study'] })
  @IsOptional()
  @IsString()
  event?: string;
  @ApiPropertyOptional({ example: 'discharge from the programme', description: 'The event as written on the form' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  description?: string;
  @ApiPropertyOptional({ description: 'The episode whose event ends the consent, when the form names one' })
  @IsOptional()
  @IsString()
  episodeId?: string;
}

export class ConsentSignerDto {
  @ApiProperty({ enum: ['client', 'guardian', 'authorised-representative'] })
  @IsIn(['client', 'guardian', 'authorised-representative'])
  role!: 'client' | 'guardian' | 'authorised-representative';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) name?: string;
  @ApiPropertyOptional({ example: 'legal guardian' }) @IsOptional() @IsString() @MaxLength(300) authority?: string;
}

export class ConsentStatementsDto {
  @ApiPropertyOptional({ description: '42 CFR 2.31(a)(6): how to revoke, and the reliance exception' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  revocation?: string;
  @ApiPropertyOptional({
    description:
      'On a TPO consent (42 CFR 2.31(a)(4)(iii)): a covered entity or business associate receiving for TPO may redisclose as HIPAA permits',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  'hipaa-redisclosure'?: string;
  @ApiPropertyOptional({ description: '42 CFR 2.31(a)(10)(i): redisclosed records may no longer be protected' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  'redisclosure-potential'?: string;
  @ApiPropertyOptional({ description: '42 CFR 2.31(a)(10)(ii), 2.31(b)(3): treatment is not conditioned on signing' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  'treatment-not-conditioned'?: string;
}

export class CriminalJusticeRevocableFromDto {
  @ApiProperty({ enum: ['date', 'event'] }) @IsIn(['date', 'event']) kind!: 'date' | 'event';
  @ApiPropertyOptional() @IsOptional() @IsString() on?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() event?: string;
}

export class CriminalJusticeTermsDto {
  @ApiProperty({ enum: ['criminal-proceeding', 'parole', 'other-release'] })
  @IsIn(['criminal-proceeding', 'parole', 'other-release'])
  conditionOf!: 'criminal-proceeding' | 'parole' | 'other-release';
  @ApiPropertyOptional({ type: CriminalJusticeRevocableFromDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CriminalJusticeRevocableFromDto)
  revocableFrom?: CriminalJusticeRevocableFromDto;
  @ApiPropertyOptional() @IsOptional() @IsString() finalDispositionOn?: string;
}

export class GrantConsentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) clientName?: string;
  @ApiPropertyOptional({ example: 'Continuum North IOP' }) @IsOptional() @IsString() @MaxLength(300) disclosingParty?: string;
  @ApiPropertyOptional({ type: ConsentInformationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentInformationDto)
  information?: ConsentInformationDto;
  @ApiPropertyOptional({ type: [ConsentRecipientDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ConsentRecipientDto)
  recipients?: ConsentRecipientDto[];
  @ApiPropertyOptional({ example: ['TREAT'], description: 'HL7 v3 PurposeOfUse codes (TREAT, HPAYMT, HOPERAT, COC…)' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  purposes?: string[];
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
  @ApiPropertyOptional({ type: [ConsentSignerDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ConsentSignerDto)
  signers?: ConsentSignerDto[];
  @ApiPropertyOptional({ description: "Whether the client is a minor under the network's state rule (42 CFR 2.14)" })
  @IsOptional()
  @IsBoolean()
  clientIsMinor?: boolean;
  @ApiPropertyOptional({ example: '2026-11-23' }) @IsOptional() @IsString() signedOn?: string;
  @ApiPropertyOptional({ type: ConsentStatementsDto, description: 'The statements printed on the form, as the network words them' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentStatementsDto)
  statements?: ConsentStatementsDto;
  @ApiPropertyOptional({ type: CriminalJusticeTermsDto, description: 'Only for a 42 CFR 2.35 consent' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CriminalJusticeTermsDto)
  criminalJustice?: CriminalJusticeTermsDto;
}

export class RevokeConsentDto {
  @ApiPropertyOptional({
    example: '2026-12-01T09:30:00Z',
    description: 'When the written revocation reached the programme (42 CFR 2.31(a)(6): effective on receipt); now when left out',
  })
  @IsOptional()
  @IsString()
  receivedAt?: string;
  @ApiPropertyOptional({
    example: '2026-12-01',
    description: 'The date written on the revocation, kept with it; the revocation takes effect on receipt',
  })
  @IsOptional()
  @IsString()
  revokedOn?: string;
  @ApiProperty({ enum: REVOCATION_CHANNELS }) @IsIn(REVOCATION_CHANNELS) receivedVia!: RevocationChannel;
}
