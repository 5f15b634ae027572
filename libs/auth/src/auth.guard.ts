import {
  ForbiddenException,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '@ctip/observability';
import { AuthenticationError, KeySetUnavailableError } from './authentication.error';
import { ROLES_KEY } from './decorators';
import { JwtVerifier } from './jwt-verifier';
import type { Principal, Role } from './principal';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** Express has setHeader, Fastify has header: support both without depending on either. */
interface HeaderWritable {
  setHeader?(name: string, value: string): unknown;
  header?(name: string, value: string): unknown;
}

/** Every HTTP route needs a valid bearer token unless marked @Public(); @Roles() narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const response = http.getResponse<HeaderWritable>();
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      // RFC 6750 §3.1: no error code when the request carried no credentials at all.
      setHeader(response, 'WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException('missing bearer token');
    }
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof KeySetUnavailableError) {
        this.logger.warn(error.message);
        throw new ServiceUnavailableException('cannot verify tokens right now');
      }
      const reason = error instanceof AuthenticationError ? error.reason : 'token rejected';
      setHeader(response, 'WWW-Authenticate', `Bearer error="invalid_token", error_description="${reason.replace(/"/g, "'")}"`);
      throw new UnauthorizedException(reason);
    }

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (required.length > 0 && !required.some((role) => request.principal?.roles.includes(role))) {
      throw new ForbiddenException(`requires one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
  return match?.[1];
}

function setHeader(response: HeaderWritable, name: string, value: string): void {
  if (typeof response.setHeader === 'function') response.setHeader(name, value);
  else response.header?.(name, value);
}
