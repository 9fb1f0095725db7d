import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { KNOWN_ROLES } from '../roles.js';

export class DevTokenRequestDto {
  /** A stand-in user's legacy username (see GET /dev/users). */
  @IsString()
  @Length(1, 64)
  username!: string;

  /** App roles for the token; defaults to the caseworker role. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(KNOWN_ROLES.length)
  @IsIn(KNOWN_ROLES, { each: true })
  roles?: string[];
}

export class DevTokenDto {
  accessToken!: string;
  tokenType!: 'Bearer';
  /** Seconds. */
  expiresIn!: number;
}
