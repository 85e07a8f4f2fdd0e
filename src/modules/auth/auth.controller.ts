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
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Env } from '../../core/config/env';
import { Public } from '../../core/http/public.decorator';
import { ValidateBody } from '../../core/http/validate-body.guard';
import { User } from '../users/user.entity';
import {
  ForgotPasswordDto,
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
  @ApiCreatedResponse({ description: '{id, email, role}; a verification email is sent' })
  register(@Body() dto: RegisterDto): Promise<{ id: string; email: string; role: string }> {
    return this.auth.register(dto);
  }

  @Post('verify-email')
  @HttpCode(HttpStatus.OK)
  async verifyEmail(@Body() dto: TokenDto): Promise<{ verified: true }> {
    await this.auth.verifyEmail(dto.token);
    return { verified: true };
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  // Guards run before pipes: the body is validated first, so passport never sees unknown fields.
  @UseGuards(ValidateBody(LoginDto), LoginRateLimitGuard, AuthGuard('local'))
  @ApiOkResponse({ type: TokenPairDto, headers: ApiSetsRefreshCookie })
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
  @ApiRefreshCookie()
  @ApiNoContentResponse({
    description: 'The family is revoked; the cookie is cleared',
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
  @ApiAcceptedResponse({ description: 'Always 202; mails only addresses that exist' })
  async forgotPassword(@Body() dto: ForgotPasswordDto): Promise<{ accepted: true }> {
    await this.auth.forgotPassword(dto.email);
    return { accepted: true };
  }

  @Post('reset-password')
  @HttpCode(HttpStatus.OK)
  async resetPassword(@Body() dto: ResetPasswordDto): Promise<{ reset: true }> {
    await this.auth.resetPassword(dto.token, dto.password);
    return { reset: true };
  }
}
