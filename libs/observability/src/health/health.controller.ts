import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../http/public-route';
import { ZodOperation } from '@ctip/http';
import { healthSchema, unhealthySchema } from './health.dto';
import { ReadinessRegistry } from './readiness.registry';

const CHECK_TIMEOUT_MS = 3_000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  @Get('live')
  @ZodOperation({ summary: 'The process is up (no dependency is checked).', public: true, responses: { 200: healthSchema } })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ZodOperation({
    summary: 'Kafka, the database and Redis answer; 503 naming the one that does not (in `details`).',
    public: true,
    responses: { 200: healthSchema },
    errors: [503],
    problems: { 503: unhealthySchema },
  })
  @HealthCheck()
  ready() {
    return this.health.check(
      this.readiness.all().map(
        (c) => () =>
          this.indicators
            .check(c.name)
            .attempt(async ({ signal }) => {
              await c.check(signal);
            })
            .withTimeout(CHECK_TIMEOUT_MS),
      ),
    );
  }
}
