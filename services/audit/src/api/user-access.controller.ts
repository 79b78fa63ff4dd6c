import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@continuum/platform';
import { UserAccess } from '../application/user-access.js';
import { UserAccessQueryDto, UserIdParamDto } from './dto/audit-queries.dto.js';
import { USER_ACCESS } from './responses.js';
import { VERIFIERS } from './roles.js';

// Per user, for auditors only: a client's entries are already in its history (service=access).
@ApiTags('access log')
@ApiBearerAuth()
@Controller('access-log')
export class UserAccessController {
  constructor(private readonly access: UserAccess) {}

  @Get('users/:userId')
  @Roles(...VERIFIERS)
  @ApiOperation({
    summary:
      "One user's reads of client records and lists, refused requests (401/403) and other security events, in every service's access log, in global order",
  })
  @ApiOkResponse({ description: "The user's entries in the access log", schema: USER_ACCESS })
  ofUser(@Param() params: UserIdParamDto, @Query() query: UserAccessQueryDto) {
    return this.access.of({ userId: params.userId, ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) });
  }
}
