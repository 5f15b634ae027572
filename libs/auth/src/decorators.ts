import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from './principal';

// The public-route mark is defined below auth, in observability, whose health and metrics routes use it.
export { IS_PUBLIC_KEY, Public } from '@ctip/observability';

export const ROLES_KEY = 'ctip:auth:roles';

/** The caller needs at least one of these roles; a handler's list replaces its controller's. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The authenticated caller; undefined only on @Public() routes. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);
