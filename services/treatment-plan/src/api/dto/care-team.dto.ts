import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, Matches, ValidateNested } from 'class-validator';
import { MAX_TEAM_MEMBERS, TEAM_ROLES, type TeamRole } from '../../domain/index.js';

/** A staff user id, as the token's `sub` names it: never a name. */
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export class CareTeamMemberDto {
  @ApiProperty({ example: 'clinician-7', description: "The staff member's user id" })
  @Matches(USER_ID, { message: 'userId must be a user id (letters, digits, . _ : @ -), not a name' })
  userId!: string;

  @ApiProperty({ enum: TEAM_ROLES })
  @IsIn(TEAM_ROLES)
  teamRole!: TeamRole;
}

export class ChangeCareTeamDto {
  @ApiProperty({
    type: [CareTeamMemberDto],
    description: 'The team as it is to stand, whole: one member per team role; an empty list clears it',
  })
  @IsArray()
  @ArrayMaxSize(MAX_TEAM_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => CareTeamMemberDto)
  members!: CareTeamMemberDto[];
}
