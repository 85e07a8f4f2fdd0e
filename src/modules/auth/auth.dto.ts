import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'anne@example.nl' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ example: 'Anne de Vries' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @ApiProperty({ enum: ['starter', 'stopper'] })
  @IsIn(['starter', 'stopper'])
  role!: 'starter' | 'stopper';

  @ApiPropertyOptional({ enum: ['nl', 'en'] })
  @IsOptional()
  @IsIn(['nl', 'en'])
  locale?: 'nl' | 'en';
}

export class LoginDto {
  @ApiProperty()
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class TokenDto {
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken!: string;
}

export class ForgotPasswordDto {
  @ApiProperty()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class ResetPasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;
}

/** A Dutch number (0 and nine digits) or an international one (+ and 8–15 digits); spaces, dashes, brackets allowed. */
export function isPhoneNumber(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const compact = value.replace(/[\s\-().]/g, '');
  return /^(\+[1-9]\d{7,14}|0\d{9})$/.test(compact);
}

const IsPhoneNumber = (): PropertyDecorator =>
  ValidateBy({
    name: 'isPhoneNumber',
    validator: {
      validate: isPhoneNumber,
      defaultMessage: () => 'phone must be a Dutch (0612345678) or international (+31612345678) number',
    },
  });

export class UpdateMeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName?: string;

  @ApiPropertyOptional({ example: '+31 6 12345678', nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(25)
  @IsPhoneNumber()
  phone?: string;

  @ApiPropertyOptional({ enum: ['nl', 'en'] })
  @IsOptional()
  @IsIn(['nl', 'en'])
  locale?: 'nl' | 'en';
}

export class TokenPairDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn!: number;
}

export class RegisteredDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['starter', 'stopper'] }) role!: string;
}

export class VerifiedDto {
  @ApiProperty({ enum: [true] }) verified!: true;
}

export class AcceptedDto {
  @ApiProperty({ enum: [true] }) accepted!: true;
}

export class PasswordResetDto {
  @ApiProperty({ enum: [true] }) reset!: true;
}
