import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { JwtVerifier, type JwtVerifierOptions } from './jwt-verifier';

/** Import once in a service's root module: every endpoint then needs a token unless marked @Public(). */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: JwtVerifierOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        // A factory so a bad JWKS setting fails at bootstrap with Nest's context, not at import time.
        { provide: JwtVerifier, useFactory: () => new JwtVerifier(options) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [JwtVerifier],
    };
  }
}
