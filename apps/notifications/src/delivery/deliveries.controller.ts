import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ctip/auth';
import { ZodOperation, ZodQuery } from '@ctip/http';
import { z } from 'zod';
import { deliveryViewSchema } from './delivery.dto';
import { DeliveryRepository, type DeliveryView } from './delivery.repository';

const deliveriesQuerySchema = z
  .object({
    sourceEventId: z.uuid().optional(),
    recipientPersonId: z.string().min(1).max(200).optional(),
    aggregateKey: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
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
    responses: { 200: z.array(deliveryViewSchema) },
    errors: [403],
  })
  list(@ZodQuery(deliveriesQuerySchema) query: z.output<typeof deliveriesQuerySchema>): Promise<DeliveryView[]> {
    const { limit, ...filter } = query;
    return this.deliveries.search(filter, limit);
  }
}
