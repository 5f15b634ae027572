import { problemSchema } from '@ctip/http';
import { z } from 'zod';

const indicatorsSchema = z.record(z.string(), z.looseObject({ status: z.enum(['up', 'down']) }));

/** What @nestjs/terminus answers: each dependency by name, `up` or `down` with why. */
export const healthSchema = z.object({
  status: z.literal('ok'),
  info: indicatorsSchema.optional(),
  error: indicatorsSchema.optional(),
  details: indicatorsSchema.describe('Every dependency checked, e.g. kafka, mongo, redis.'),
});

/** 503 from /health/ready: problem details with the same per-dependency members, naming the one that is down. */
export const unhealthySchema = problemSchema.extend({
  info: indicatorsSchema.optional(),
  error: indicatorsSchema.describe('The dependencies that did not answer, with why.'),
  details: indicatorsSchema,
});
