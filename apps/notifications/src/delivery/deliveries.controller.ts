import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ctip/auth';
import { pageOf, pageQuerySchema, ZodOperation, ZodQuery } from '@ctip/http';
import type { Page } from '@ctip/persistence';
import { z } from 'zod';
import { deliveryViewSchema } from './delivery.dto';
import { DeliveryRepository, type DeliveryView } from './delivery.repository';

const deliveriesQuerySchema = pageQuerySchema
  .extend({
    sourceEventId: z.uuid().optional(),
    recipientPersonId: z.string().min(1).max(200).optional(),
    aggregateKey: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((q) => q.sourceEventId || q.recipientPersonId || q.aggregateKey, {
    message: 'give at least one of sourceEventId, recipientPersonId, aggregateKey',
    path: ['sourceEventId'],
  });

/** Delivery status per (source event, recipient, channel), for coordinators and admins. */
@ApiTags('deliveries')
@ApiBearerAuth()
@Roles('coordinator', 'admin')
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveryRepository) {}

  @Get()
  @ZodOperation({
    summary: 'Deliveries by source event, recipient or aggregate (e.g. a case id), newest first',
    description: 'Give at least one of `sourceEventId`, `recipientPersonId`, `aggregateKey`.',
    responses: { 200: pageOf(deliveryViewSchema) },
    errors: [403],
  })
  list(@ZodQuery(deliveriesQuerySchema) query: z.output<typeof deliveriesQuerySchema>): Promise<Page<DeliveryView>> {
    const { limit, cursor, ...filter } = query;
    return this.deliveries.search(filter, { limit, cursor });
  }
}
