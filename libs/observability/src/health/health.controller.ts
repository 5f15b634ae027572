import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../http/public-route';
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
  @ApiOperation({ summary: 'The process is up (no dependency is checked).' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Kafka, the database and Redis answer; 503 naming the one that does not.' })
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
