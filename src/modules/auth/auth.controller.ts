import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

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
  @ApiOkResponse({ type: TokenPairDto })
  login(@Body() _dto: LoginDto, @Req() req: { user: User }): Promise<TokenPairDto> {
    return this.auth.login(req.user);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
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
