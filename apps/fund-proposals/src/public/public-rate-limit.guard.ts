import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import type { Request, Response } from 'express';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { FixedWindowLimiter } from './fixed-window-limiter';

/**
 * Limits the public endpoints per client address (`FUND_PUBLIC_RATE_LIMIT` requests per
 * `FUND_PUBLIC_RATE_WINDOW_MS`, across instances): beyond it, 429 with `Retry-After` (seconds). The
 * address is the socket's peer; behind a reverse proxy, set Express's `trust proxy` so it is the client's.
 * An edge concern, like authentication, so it answers with Nest's HTTP exception, not a domain error.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private readonly limiter: FixedWindowLimiter;

  constructor(jobs: JobQueues, @Inject(FUND_CONFIG) config: FundProposalsConfig) {
    const scoped = config.NAMESPACE ? `${config.NAMESPACE}-fund-proposals` : 'fund-proposals';
    this.limiter = new FixedWindowLimiter(
      jobs.redis,
      `ctip-${scoped}:ratelimit:public`,
      config.FUND_PUBLIC_RATE_LIMIT,
      config.FUND_PUBLIC_RATE_WINDOW_MS,
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const verdict = await this.limiter.hit(request.ip ?? request.socket.remoteAddress ?? 'unknown');
    response.setHeader('RateLimit-Remaining', String(verdict.remaining));
    if (verdict.allowed) return true;
    response.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    throw new HttpException(
      { title: 'Too Many Requests', detail: `too many requests to the public endpoints; retry after ${verdict.retryAfterSeconds} s` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
