import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../http/public-route';
import { ZodOperation } from '@ctip/http';
import { metrics } from './metrics';

@ApiTags('metrics')
@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ZodOperation({
    summary: 'Prometheus metrics (text exposition format 0.0.4).',
    public: true,
    responses: { 200: { contentType: 'text/plain', schema: { type: 'string' } } },
  })
  async scrape(): Promise<string> {
    return metrics.registry.metrics();
  }
}
