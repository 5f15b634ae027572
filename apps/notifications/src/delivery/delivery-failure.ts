import { PermanentChannelError, TransientChannelError } from '../channels/channel-errors';
import { TemplateVariableMissingError } from '../templates/template-renderer';

export interface DeliveryFailure {
  reason: string;
  permanent: boolean;
}

/** Thrown into BullMQ so it retries the job after its backoff. */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
}

/**
 * Why an attempt failed and whether another attempt could succeed. Reasons come from our own error
 * texts, which never quote an address or a message body; anything unexpected is retried.
 */
export function deliveryFailure(error: unknown): DeliveryFailure {
  if (error instanceof TemplateVariableMissingError || error instanceof PermanentChannelError) {
    return { reason: error.message.slice(0, 500), permanent: true };
  }
  if (error instanceof TransientChannelError) return { reason: error.message.slice(0, 500), permanent: false };
  const name = error instanceof Error ? error.name : typeof error;
  return { reason: `unexpected ${name}`.slice(0, 500), permanent: false };
}
