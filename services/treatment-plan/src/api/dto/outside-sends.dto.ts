import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { INFORMATION_CATEGORIES, type InformationCategory } from '@continuum/consent';
import { IsCalendarDate, LevelOfCareDto } from './level-of-care.dto.js';

// What a caller sends to ask a payer for an authorisation or to send a court report: ids and
// codes only (a recipient's id in the network's directory, ICD-10-CM codes, a document's id).

/** An id or reference, never prose. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const referenceMessage = (field: string) => ({ message: `${field} must be an id (letters, digits, . _ : / -), not free text` });
/** ICD-10-CM: a letter, two characters, then up to four after the dot (F11.20, F10.239). */
const ICD10 = /^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

class PayerDto {
  @ApiProperty({ example: 'payer-bluefield', description: "The payer's id in the network's directory" })
  @Matches(REFERENCE, referenceMessage('payer.payerId'))
  payerId!: string;
  @ApiProperty({ enum: ['health-plan', 'third-party-payer'] })
  @IsIn(['health-plan', 'third-party-payer'])
  kind!: 'health-plan' | 'third-party-payer';
}

export class AuthorizationRequestDto {
  @ApiProperty({ type: PayerDto }) @IsObject() @ValidateNested() @Type(() => PayerDto) payer!: PayerDto;
  @ApiProperty({ type: LevelOfCareDto, description: 'The level of care the payer is asked to authorise' })
  @IsObject()
  @ValidateNested()
  @Type(() => LevelOfCareDto)
  level!: LevelOfCareDto;
  @ApiProperty({ example: ['F11.20'], description: 'ICD-10-CM codes' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @Matches(ICD10, { each: true, message: 'each diagnosis code must be an ICD-10-CM code, e.g. F11.20' })
  diagnosisCodes!: string[];
  @ApiPropertyOptional({ description: 'The placement assessment the level rests on, by id' })
  @IsOptional()
  @Matches(REFERENCE, referenceMessage('assessmentId'))
  assessmentId?: string;
}

class CriminalJusticeRecipientDto {
  @ApiProperty({ example: 'probation-county-7', description: "The recipient's id in the network's directory" })
  @Matches(REFERENCE, referenceMessage('recipient.recipientId'))
  recipientId!: string;
  @ApiProperty({
    enum: ['criminal-justice', 'court'],
    description: '`criminal-justice`: probation, parole, a drug court team; `court`: the court itself',
  })
  @IsIn(['criminal-justice', 'court'])
  kind!: 'criminal-justice' | 'court';
  @ApiPropertyOptional({
    description:
      "Whether the recipient monitors the client's progress (42 CFR 2.35(a)(1)); only such a recipient may receive under a consent",
  })
  @IsOptional()
  @IsBoolean()
  monitorsProgress?: boolean;
}

class CourtOrderDto {
  @ApiProperty({ example: 'order-2026-cr-118' }) @Matches(REFERENCE, referenceMessage('courtOrder.orderId')) orderId!: string;
  @ApiProperty({ example: 'County Circuit Court' }) @IsString() @IsNotEmpty() @MaxLength(200) court!: string;
  @ApiProperty({ enum: ['2.64', '2.65', '2.66', '2.67'], description: 'The section of 42 CFR part 2 subpart E the order was made under' })
  @IsIn(['2.64', '2.65', '2.66', '2.67'])
  section!: '2.64' | '2.65' | '2.66' | '2.67';
  @ApiProperty({ example: '2026-02-01' }) @IsCalendarDate('courtOrder.issuedOn') issuedOn!: string;
  @ApiProperty({ enum: INFORMATION_CATEGORIES, isArray: true, description: 'What the order authorises (its scope, 2.64(e), 2.65(e))' })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(INFORMATION_CATEGORIES, { each: true })
  authorisedCategories!: InformationCategory[];
  @ApiPropertyOptional({ description: 'Who may receive, when the order limits it' })
  @IsOptional()
  @IsArray()
  @Matches(REFERENCE, { each: true, message: 'each authorised recipient must be an id' })
  authorisedRecipientIds?: string[];
  @ApiPropertyOptional({ example: '2026-08-01', description: 'The order no longer authorises from this date' })
  @IsOptional()
  @IsCalendarDate('courtOrder.expiresOn')
  expiresOn?: string;
}

export class CourtReportDto {
  @ApiProperty({ type: CriminalJusticeRecipientDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CriminalJusticeRecipientDto)
  recipient!: CriminalJusticeRecipientDto;
  @ApiProperty({ enum: INFORMATION_CATEGORIES, isArray: true, example: ['attendance', 'lab-results', 'treatment-plan'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(INFORMATION_CATEGORIES, { each: true })
  categories!: InformationCategory[];
  @ApiProperty({ example: '2026-02-01' }) @IsCalendarDate('periodFrom') periodFrom!: string;
  @ApiProperty({ example: '2026-02-28' }) @IsCalendarDate('periodTo') periodTo!: string;
  @ApiProperty({ example: 'progress-report-2026-02', description: 'The id of the saved report (never its text)' })
  @Matches(REFERENCE, referenceMessage('reportRef'))
  reportRef!: string;
  @ApiProperty({
    enum: ['consent', 'court-order', 'subpoena'],
    description: 'The legal basis: a 42 CFR 2.35 consent, a court order under subpart E, or a subpoena (always refused alone, 42 CFR 2.61)',
  })
  @IsIn(['consent', 'court-order', 'subpoena'])
  basis!: 'consent' | 'court-order' | 'subpoena';
  @ApiPropertyOptional({ type: CourtOrderDto, description: 'Required when the basis is `court-order`' })
  @ValidateIf((dto: CourtReportDto) => dto.basis === 'court-order')
  @IsObject()
  @ValidateNested()
  @Type(() => CourtOrderDto)
  courtOrder?: CourtOrderDto;
  @ApiPropertyOptional({ example: 'subpoena-2026-0042', description: 'Required when the basis is `subpoena`' })
  @ValidateIf((dto: CourtReportDto) => dto.basis === 'subpoena')
  @Matches(REFERENCE, referenceMessage('subpoenaReference'))
  subpoenaReference?: string;
}
