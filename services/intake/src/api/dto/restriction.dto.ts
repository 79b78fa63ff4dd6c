import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { INFORMATION_CATEGORIES, PURPOSES_OF_USE, RECIPIENT_KINDS } from '@continuum/consent';

// The shape of a request for restriction (42 CFR 2.26(a); @continuum/consent's
// RestrictionRequest). Codes are checked here, as the published RestrictionAgreed contract has
// them (an unknown code is a 400); whether the request says enough (a scope covering something,
// the services paid for in full) is the rule's, a 422 that writes nothing.

/** At most this many ids or codes in one list: a restriction names what it covers, not a directory. */
const MAX_ITEMS = 100;
/** The contract's id field (libs/contracts ID_FIELD): plain tokens of up to 128 characters. */
const MAX_ID_LENGTH = 128;

export class RestrictionScopeDto {
  @ApiPropertyOptional({ example: ['provider-psychiatry-7'], description: 'Recipients by directory id' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_ID_LENGTH, { each: true })
  recipientIds?: string[];

  @ApiPropertyOptional({ enum: RECIPIENT_KINDS, isArray: true, example: ['health-plan'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsIn(RECIPIENT_KINDS, { each: true })
  recipientKinds?: string[];

  @ApiPropertyOptional({ enum: PURPOSES_OF_USE, isArray: true, example: ['HPAYMT'], description: 'HL7 v3 PurposeOfUse codes' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsIn(PURPOSES_OF_USE, { each: true })
  purposes?: string[];

  @ApiPropertyOptional({ enum: INFORMATION_CATEGORIES, isArray: true, example: ['diagnosis'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsIn(INFORMATION_CATEGORIES, { each: true })
  categories?: string[];
}

export class RequestRestrictionDto {
  @ApiProperty({
    enum: ['requested', 'paid-in-full'],
    description:
      '`requested`: the client asks the programme to restrict what the scope covers (the programme may agree or refuse); `paid-in-full`: services the client paid for in full, never disclosed to a health plan for payment or operations (required, agreed as recorded)',
  })
  @IsIn(['requested', 'paid-in-full'])
  kind!: 'requested' | 'paid-in-full';

  @ApiPropertyOptional({
    type: RestrictionScopeDto,
    description: 'For `requested`: every field given must match a disclosure for the restriction to cover it; at least one',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RestrictionScopeDto)
  scope?: RestrictionScopeDto;

  @ApiPropertyOptional({ example: ['service-2026-01-20-counselling'], description: 'For `paid-in-full`: the services, by id' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_ID_LENGTH, { each: true })
  serviceIds?: string[];
}

export class RefuseRestrictionDto {
  @ApiPropertyOptional({
    example: 'Our billing system cannot yet hold back claims to one plan.',
    description: 'Why the programme refuses, for the client (required: a refusal without it is a 422); it stays in intake',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
