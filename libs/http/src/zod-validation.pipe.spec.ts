import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

const windowSchema = z
  .object({ start: z.string().regex(/^\d\d:\d\d$/), end: z.string().regex(/^\d\d:\d\d$/) })
  .strict()
  .refine((w) => w.start !== w.end, { message: 'start and end must differ', path: ['end'] });

function refusal(value: unknown): { status: number; errors: unknown } {
  try {
    new ZodValidationPipe(windowSchema).transform(value);
  } catch (error) {
    const http = error as BadRequestException | UnprocessableEntityException;
    return { status: http.getStatus(), errors: (http.getResponse() as { errors: unknown }).errors };
  }
  throw new Error('accepted');
}

describe(ZodValidationPipe.name, () => {
  it('answers 400 naming each field when the input does not match the schema', () => {
    expect(refusal({ start: '9am', end: '10:00', extra: 1 })).toEqual({
      status: 400,
      errors: [
        { field: 'start', reason: expect.any(String) },
        { field: '(body)', reason: expect.stringContaining('extra') },
      ],
    });
  });

  it('answers 422 when the input matches the schema but breaks a rule the schema states only in words', () => {
    expect(refusal({ start: '10:00', end: '10:00' })).toEqual({
      status: 422,
      errors: [{ field: 'end', reason: 'start and end must differ' }],
    });
  });

  it('passes valid input through as parsed', () => {
    expect(new ZodValidationPipe(windowSchema).transform({ start: '09:00', end: '10:00' })).toEqual({ start: '09:00', end: '10:00' });
  });
});
