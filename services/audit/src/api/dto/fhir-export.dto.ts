import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  INFORMATION_CATEGORIES,
  type InformationCategory,
  PURPOSES_OF_USE,
  type PurposeOfUse,
  RECIPIENT_KINDS,
  type RecipientKind,
} from '@continuum/consent';

// A FHIR export to a recipient outside the network (docs/domain/compliance.md#fhir-exports-to-outside-recipients):
// to whom, why (an HL7 v3 PurposeOfUse code) and on which legal basis. Ids and codes, except
// what 42 CFR 2.51(c) asks an emergency record to hold, which stays in the audit's store.

const DIRECTORY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const BASES = ['consent', 'medical-emergency', 'court-order', 'subpoena'] as const;
const ORDER_SECTIONS = ['2.64', '2.65', '2.66', '2.67'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class ExportRecipientDto {
  @ApiProperty({ example: 'eastside-psychiatry', description: 'The directory id of the recipient' })
  @IsString()
  @Matches(DIRECTORY_ID, { message: 'recipient.recipientId must be a directory id: letters, digits, dots, dashes and underscores' })
  recipientId!: string;

  @ApiProperty({ enum: RECIPIENT_KINDS })
  @IsIn(RECIPIENT_KINDS, { message: `recipient.kind must be one of ${RECIPIENT_KINDS.join(', ')}` })
  kind!: RecipientKind;

  @ApiPropertyOptional({
    description: 'A treating provider relationship with the client (42 CFR 2.11): both agreed to the evaluation or treatment',
  })
  @IsOptional()
  @IsBoolean()
  treatingRelationship?: boolean;

  @ApiPropertyOptional({ description: 'Sent through this intermediary (42 CFR 2.11, 2.24)' })
  @IsOptional()
  @IsString()
  @Matches(DIRECTORY_ID, { message: 'recipient.viaIntermediaryId must be a directory id' })
  viaIntermediaryId?: string;

  @ApiPropertyOptional({ description: "A criminal-justice recipient that monitors the client's progress (42 CFR 2.35(a)(1))" })
  @IsOptional()
  @IsBoolean()
  monitorsProgress?: boolean;
}

export class EmergencyDto {
  @ApiProperty({ example: 'Dr. R. Osei' })
  @IsString()
  @MaxLength(300)
  recipientName!: string;

  @ApiProperty({ example: 'Mercy Hospital emergency department' })
  @IsString()
  @MaxLength(300)
  affiliation!: string;

  @ApiProperty({ example: 'Overdose: the ED needs the medication list' })
  @IsString()
  @MaxLength(2000)
  natureOfEmergency!: string;

  @ApiProperty({ description: "Whether the client's consent could be obtained (the emergency path is for when it cannot, 42 CFR 2.51(a))" })
  @IsBoolean()
  consentObtainable!: boolean;
}

export class CourtOrderDto {
  @ApiProperty({ example: 'order-2026-114' })
  @IsString()
  @MaxLength(200)
  orderId!: string;

  @ApiProperty({ example: 'County Superior Court' })
  @IsString()
  @MaxLength(300)
  court!: string;

  @ApiProperty({ enum: ORDER_SECTIONS, description: 'The section of 42 CFR Part 2 subpart E the order was made under' })
  @IsIn(ORDER_SECTIONS, { message: `courtOrder.section must be one of ${ORDER_SECTIONS.join(', ')}` })
  section!: (typeof ORDER_SECTIONS)[number];

  @ApiProperty({ example: '2026-03-30' })
  @Matches(DAY, { message: 'courtOrder.issuedOn must be a day, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'courtOrder.issuedOn must be a day, YYYY-MM-DD' })
  issuedOn!: string;

  @ApiProperty({ enum: INFORMATION_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INFORMATION_CATEGORIES.length)
  @IsIn(INFORMATION_CATEGORIES, {
    each: true,
    message: `courtOrder.authorisedCategories must be among ${INFORMATION_CATEGORIES.join(', ')}`,
  })
  authorisedCategories!: InformationCategory[];

  @ApiPropertyOptional({ isArray: true, type: String })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(DIRECTORY_ID, { each: true, message: 'courtOrder.authorisedRecipientIds must be directory ids' })
  authorisedRecipientIds?: string[];

  @ApiPropertyOptional({ example: '2026-06-30' })
  @IsOptional()
  @Matches(DAY, { message: 'courtOrder.expiresOn must be a day, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'courtOrder.expiresOn must be a day, YYYY-MM-DD' })
  expiresOn?: string;
}

export class FhirExportDto {
  @ApiProperty({ type: ExportRecipientDto })
  @ValidateNested()
  @Type(() => ExportRecipientDto)
  recipient!: ExportRecipientDto;

  @ApiProperty({ enum: PURPOSES_OF_USE, description: 'HL7 v3 PurposeOfUse (v3-ActReason), e.g. TREAT, HPAYMT, HOPERAT' })
  @IsIn(PURPOSES_OF_USE, { message: `purpose must be an HL7 v3 PurposeOfUse code: ${PURPOSES_OF_USE.join(', ')}` })
  purpose!: PurposeOfUse;

  @ApiProperty({
    enum: BASES,
    description:
      'The legal basis claimed: the client’s consent, a medical emergency (2.51), a court order (subpart E), or a subpoena (refused alone)',
  })
  @IsIn(BASES, { message: `basis must be one of ${BASES.join(', ')}` })
  basis!: (typeof BASES)[number];

  @ApiPropertyOptional({ type: EmergencyDto, description: 'With basis medical-emergency' })
  @ValidateIf((body: FhirExportDto) => body.basis === 'medical-emergency')
  @IsDefined({ message: 'emergency is required with basis medical-emergency' })
  @ValidateNested()
  @Type(() => EmergencyDto)
  emergency?: EmergencyDto;

  @ApiPropertyOptional({ type: CourtOrderDto, description: 'With basis court-order' })
  @ValidateIf((body: FhirExportDto) => body.basis === 'court-order')
  @IsDefined({ message: 'courtOrder is required with basis court-order' })
  @ValidateNested()
  @Type(() => CourtOrderDto)
  courtOrder?: CourtOrderDto;

  @ApiPropertyOptional({ example: 'subpoena-2026-77', description: 'With basis subpoena: its reference' })
  @ValidateIf((body: FhirExportDto) => body.basis === 'subpoena')
  @IsString()
  @MaxLength(200)
  subpoenaReference?: string;
}
