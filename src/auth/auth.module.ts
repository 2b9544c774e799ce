import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AuthGuard } from './auth.guard';
import { AUTH_SETTINGS, AuthSettings } from './auth.settings';
import { TokenVerifier } from './token.verifier';

/** Guards every route with Entra ID style bearer tokens; see {@link AuthGuard}. */
@Module({})
export class AuthModule {
  /** Wires the guard with settings from {@link loadAuthSettings} (or built by a test). */
  static forRoot(settings: AuthSettings): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        TokenVerifier,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_SETTINGS, TokenVerifier],
    };
  }
}
