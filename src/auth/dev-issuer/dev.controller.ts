import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import type { JWK } from 'jose';
import { DomainError } from '../../common/domain-error.js';
import { APP_CONFIG } from '../../config/config.tokens.js';
import type { EmbeddedStandIn, ResolvedConfig } from '../../config/app-config.js';
import { Public } from '../public.decorator.js';
import { DevTokenDto, DevTokenRequestDto } from './dev-token.dto.js';
import { DevTokenIssuer } from './dev-token-issuer.service.js';
import { fetchStandInUsers, type StandInUser } from './stand-in-users.client.js';

/** Embedded mode only (stand-in + dev issuer): who to be, and a token to be them. */
@Public()
@Controller('dev')
export class DevController {
  private readonly standIn: EmbeddedStandIn;

  constructor(
    @Inject(APP_CONFIG) config: ResolvedConfig,
    private readonly issuer: DevTokenIssuer,
  ) {
    if (config.standIn === null) throw new Error('the dev endpoints need the embedded stand-in');
    this.standIn = config.standIn;
  }

  @Get('users')
  users(): Promise<StandInUser[]> {
    return fetchStandInUsers(this.standIn);
  }

  @Post('token')
  @HttpCode(200)
  async token(@Body() request: DevTokenRequestDto): Promise<DevTokenDto> {
    const users = await fetchStandInUsers(this.standIn);
    if (!users.some((user) => user.username === request.username)) {
      throw new DomainError('VALIDATION_FAILED', 'username is not a stand-in user (see GET /dev/users).', { field: 'username' });
    }
    return this.issuer.issue({ username: request.username, ...(request.roles !== undefined ? { roles: request.roles } : {}) });
  }

  /** Where the stand-in listens, and its admin key (header X-Admin-Key) for adding documents or injecting faults. */
  @Get('stand-in')
  standInEndpoints(): EmbeddedStandIn {
    const { wsdlUrl, graphqlUrl, filesUrl, adminUrl, adminKey } = this.standIn;
    return { wsdlUrl, graphqlUrl, filesUrl, adminUrl, adminKey };
  }

  @Get('jwks.json')
  jwks(): Promise<{ keys: JWK[] }> {
    return this.issuer.jwks();
  }
}
