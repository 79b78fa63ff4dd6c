import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestCause, Roles } from '@continuum/platform';
import { ProviderDirectory } from '../application/provider-directory.js';
import { RegisterProviderDto } from './dto/provider.dto.js';
import { PROVIDER } from './responses.js';
import { DIRECTORY_KEEPERS } from './roles.js';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('providers')
export class ProvidersController {
  constructor(private readonly directory: ProviderDirectory) {}

  @Post()
  @Roles(...DIRECTORY_KEEPERS)
  @ApiOperation({
    summary:
      "Add a mental-health provider to a site's directory: internal (part of the programme) or external, its specialties and capacity",
  })
  @ApiCreatedResponse({ description: 'The provider as the directory holds it', schema: PROVIDER })
  async register(@Body() body: RegisterProviderDto, @RequestCause() cause: RequestCause) {
    // The same registration again changes nothing and gets the same answer.
    const { provider } = await this.directory.register({ ...body, specialties: [...body.specialties] }, cause);
    return provider;
  }
}
