import { SetMetadata } from '@nestjs/common';

/**
 * Marks a route open to unauthenticated callers; `AuthGuard` of @ctip/auth reads it. It lives here,
 * below auth, because the health and metrics endpoints are public and this library must not depend on
 * auth for them. Services mark their own routes with `Public` from @ctip/auth, which re-exports it.
 */
export const IS_PUBLIC_KEY = 'ctip:auth:public';

/** Opens a handler or controller to unauthenticated callers (health, metrics, public catalogue). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
