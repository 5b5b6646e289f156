import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/env';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { TokenVerifier } from './token-verifier';

@Module({
  providers: [
    {
      provide: TOKEN_VERIFIER,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const auth = config.getOrThrow<AppConfig['auth']>('auth');
        return auth.disabled ? null : TokenVerifier.create(auth);
      },
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TOKEN_VERIFIER],
})
export class AuthModule {}
