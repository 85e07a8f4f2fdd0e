import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Env } from '../../core/config/env';
import { ApiErrors } from '../../core/http/api-docs';
import { Public } from '../../core/http/public.decorator';
import { ValidateBody } from '../../core/http/validate-body.guard';
import { User } from '../users/user.entity';
import {
  AcceptedDto,
  ForgotPasswordDto,
  PasswordResetDto,
  RegisteredDto,
  VerifiedDto,
  LoginDto,
  RefreshDto,
  RegisterDto,
  ResetPasswordDto,
  TokenDto,
  TokenPairDto,
} from './auth.dto';
import { AuthService } from './auth.service';
import { LoginRateLimitGuard } from './rate-limit.guard';
import {
  ApiRefreshCookie,
  ApiSetsRefreshCookie,
  clearRefreshCookie,
  refreshTokenSource,
  setRefreshCookie,
} from './refresh-cookie';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly env: Env,
  ) {}

  @Post('register')
  @ApiOperation({ operationId: 'register' })
  @ApiCreatedResponse({ type: RegisteredDto, description: 'A verification email is sent' })
  @ApiErrors(409)
  register(@Body() dto: RegisterDto): Promise<RegisteredDto> {
    return this.auth.register(dto);
  }

  @Post('verify-email')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'verifyEmail' })
  @ApiOkResponse({ type: VerifiedDto })
  async verifyEmail(@Body() dto: TokenDto): Promise<VerifiedDto> {
    await this.auth.verifyEmail(dto.token);
    return { verified: true };
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  // Guards run before pipes: the body is validated first, so passport never sees unknown fields.
  @UseGuards(ValidateBody(LoginDto), LoginRateLimitGuard, AuthGuard('local'))
  @ApiOperation({ operationId: 'login' })
  @ApiOkResponse({ type: TokenPairDto, headers: ApiSetsRefreshCookie })
  @ApiErrors(401, 429)
  async login(
    @Body() _dto: LoginDto,
    @Req() req: { user: User },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairDto> {
    const pair = await this.auth.login(req.user);
    setRefreshCookie(reply, pair.refreshToken, this.env);
    return pair;
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'refreshSession' })
  @ApiRefreshCookie()
  @ApiOkResponse({ type: TokenPairDto, headers: ApiSetsRefreshCookie })
  async refresh(
    @Body() dto: RefreshDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairDto> {
    const source = refreshTokenSource(req, dto?.refreshToken);
    try {
      const pair = await this.auth.refresh(source.token);
      setRefreshCookie(reply, pair.refreshToken, this.env);
      return pair;
    } catch (err) {
      // A dead cookie is dropped, so the browser stops sending it.
      if (source.from === 'cookie' && err instanceof UnauthorizedException)
        clearRefreshCookie(reply, this.env);
      throw err;
    }
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'logout' })
  @ApiRefreshCookie()
  @ApiNoContentResponse({
    description: 'The refresh token (and its family) no longer works; the cookie is cleared',
    headers: ApiSetsRefreshCookie,
  })
  async logout(
    @Body() dto: RefreshDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const source = refreshTokenSource(req, dto?.refreshToken);
    await this.auth.logout(source.token);
    clearRefreshCookie(reply, this.env);
  }

  @Post('forgot-password')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ operationId: 'forgotPassword' })
  @ApiAcceptedResponse({ type: AcceptedDto, description: 'Always 202; mails only addresses that exist' })
  @ApiErrors(429)
  async forgotPassword(@Body() dto: ForgotPasswordDto): Promise<AcceptedDto> {
    await this.auth.forgotPassword(dto.email);
    return { accepted: true };
  }

  @Post('reset-password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'resetPassword' })
  @ApiOkResponse({ type: PasswordResetDto })
  async resetPassword(@Body() dto: ResetPasswordDto): Promise<PasswordResetDto> {
    await this.auth.resetPassword(dto.token, dto.password);
    return { reset: true };
  }
}
