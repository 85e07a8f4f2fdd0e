import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
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

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

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
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrors(401, 429)
  login(@Body() _dto: LoginDto, @Req() req: { user: User }): Promise<TokenPairDto> {
    return this.auth.login(req.user);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'refreshSession' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrors(401)
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'logout' })
  @ApiNoContentResponse({ description: 'The refresh token (and its family) no longer works' })
  @ApiErrors(401)
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
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
