import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { metrics } from '@ctip/observability';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { deterministicUuid } from '@ctip/persistence';
import type { Model } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import { ChannelRegistry } from '../channels/channel-registry';
import { PermanentChannelError } from '../channels/channel-errors';
import type { ContactAddress } from '../channels/notification-channel';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { RecipientRepository } from '../recipients/recipient.repository';
import { DeliveryFallbackService } from './delivery-fallback.service';
import { deliveryFailure, RetryLaterError, type DeliveryFailure } from './delivery-failure';
import { isUrgent } from './delivery.jobs';
import { keepRenewing } from './lease-renewal';
import { DeliveryClaims, recordForAttempt, type DeliveryClaim } from './delivery-claims';
import { DeliveryRepository, OPEN } from './delivery.repository';
import type { DeliveryRecord } from './delivery.schema';
import { MessageComposer } from './message-composer.service';
import { SentMarkers } from './sent-markers';

const outcomes = metrics.counter('ctip_notifications_total', 'Delivery attempts by channel and outcome', ['channel', 'outcome']);
const latency = metrics.histogram(
  'ctip_notification_delivery_seconds',
  'From the source event to acceptance by the channel',
  ['channel', 'urgency'],
  [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
);

/**
 * Sends one delivery: claim (Redis, leased: DeliveryClaims) → render → send → sent marker → publish its
 * `notification.delivered.v1` (a deterministic id) → mark sent. A transient failure is retried with backoff
 * up to DELIVERY_MAX_ATTEMPTS; a final failure is recorded with its reason, reported as
 * `notification.failed.v1`, and an urgent alert falls back to the person's next channel. The record is
 * written once per attempt, when it ends, with the attempt's counts.
 *
 * The one window for a second message: the channel accepted, and the process died before the sent marker
 * was written (about one Redis round trip). The delivery is then taken over after its lease and sent again
 * under the same Message-ID / Idempotency-Key, so the receiver can drop it; `interruptedAttempts` counts
 * the attempts that began and never ended.
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly claims: DeliveryClaims,
    private readonly recipients: RecipientRepository,
    private readonly composer: MessageComposer,
    private readonly channels: ChannelRegistry,
    private readonly markers: SentMarkers,
    private readonly fallback: DeliveryFallbackService,
    private readonly outbox: Outbox,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly logger: PinoLogger,
  ) {}

  async deliver(notificationId: string): Promise<void> {
    const token = randomUUID();
    const leaseMs = this.config.DELIVERY_LEASE_MS;
    const claim = await this.claims.claim(notificationId, token, leaseMs);
    // Another worker holds a live claim: try again after the backoff (BullMQ retries the job).
    if (!claim) throw new RetryLaterError('delivery is being sent by another worker');
    const renewal = keepRenewing(
      leaseMs,
      () => this.claims.renew(notificationId, token, leaseMs),
      (err) => this.logger.warn({ err, notificationId }, 'delivery lease not renewed'),
    );
    try {
      const record = await this.attempt(notificationId, claim).catch(async (error: unknown) => {
        // Nothing was tried (the record could not be read): the attempt does not count.
        await this.claims.abandon(notificationId, token).catch(() => undefined);
        throw error;
      });
      if (!record) return;
      if (claim.sent) return await this.settleSent(record, token);
      try {
        const contact = await this.contactFor(record);
        await this.channels.get(record.channel).send(this.composer.compose(record, contact), contact);
      } catch (error) {
        return await this.settleFailure(record, token, error);
      }
      await this.markers.mark(notificationId).catch((err: unknown) => this.logger.warn({ err }, 'sent marker not written'));
      await this.settleSent(record, token);
    } finally {
      clearInterval(renewal);
      await this.claims
        .release(notificationId, token)
        .catch((err: unknown) => this.logger.warn({ err, notificationId }, 'claim not released'));
    }
  }

  /** The record as this attempt will write it, or null when there is nothing to send: unknown, sent or failed. */
  private async attempt(notificationId: string, claim: DeliveryClaim): Promise<DeliveryRecord | null> {
    const stored = await this.deliveries.forAttempt(notificationId, claim.attempt === 1);
    if (!stored) {
      this.logger.warn({ notificationId }, 'job for an unknown delivery ignored');
      return null;
    }
    if (!OPEN.includes(stored.status)) return null;
    const { record, interrupted } = recordForAttempt(stored, claim.attempt);
    if (interrupted > 0)
      this.logger.warn({ notificationId, channel: record.channel }, 'taking over a delivery whose worker stopped mid-send');
    return record;
  }

  /** Where a delivery goes: the person's verified contact point for its channel, or their inbox. */
  async contactFor(record: DeliveryRecord): Promise<ContactAddress> {
    if (record.channel === 'in-app') return { contactPointId: 'inbox', channel: 'in-app', address: record.recipientPersonId };
    const recipient = await this.recipients.findRecent(record.recipientPersonId);
    const point = recipient?.active ? recipient.contactPoints.find((p) => p.channel === record.channel) : undefined;
    if (!point) throw new PermanentChannelError(`no verified ${record.channel} contact point`);
    return point;
  }

  /**
   * Publishes a claimed delivery's `notification.delivered.v1`, then marks it sent. The report's id is the
   * delivery's own (`deterministicUuid`), so a delivery taken over after a crash between the two reports
   * again under the same id and consumers drop it; the report goes through the delivery's outbox only when
   * Kafka does not acknowledge it at once (`Outbox.publishThenWrite`). `publishFirst: false` (a digest's
   * notices, settled one after another under one claim) writes the report with the sent mark and publishes
   * it after, so the marks are not each held for a Kafka round trip while the claim's lease runs.
   */
  async settleSent(record: DeliveryRecord, token: string, { publishFirst = true } = {}): Promise<void> {
    const at = new Date();
    const urgent = isUrgent(record.urgency);
    const entry = this.outbox.entry(
      TOPICS.notificationDelivered,
      { ...this.report(record), deliveredAt: at.toISOString() },
      {
        correlationId: record.correlationId,
        causationId: record.sourceEventId,
        id: deterministicUuid('notification.delivered', record._id),
      },
    );
    const mark = (entries: OutboxEntry[]) => this.deliveries.markSent(record, token, at, entries, urgent);
    const options = { pullExact: (entries: OutboxEntry[]) => this.deliveries.pullSentOutbox(record, entries, urgent) };
    const model = this.deliveries.outboxModel(record);
    const marked = publishFirst
      ? await this.outbox.publishThenWrite(model, record._id, entry, mark, options)
      : await this.outbox.store(model, record._id, [entry], () => mark([entry]), options);
    if (!marked) {
      this.logger.warn({ notificationId: record._id }, 'delivery claim lapsed before it was marked sent');
      return;
    }
    outcomes.inc({ channel: record.channel, outcome: 'sent' });
    latency.observe(
      { channel: record.channel, urgency: record.urgency },
      (at.getTime() - new Date(record.sourceOccurredAt).getTime()) / 1000,
    );
  }

  private async settleFailure(record: DeliveryRecord, token: string, error: unknown): Promise<void> {
    const failure = deliveryFailure(error);
    if (!failure.permanent && record.attempts < this.config.DELIVERY_MAX_ATTEMPTS) {
      const dueAt = new Date(Date.now() + this.config.DELIVERY_BACKOFF_MS * 2 ** (record.attempts - 1));
      await this.deliveries.markRetrying(record, failure.reason, dueAt, isUrgent(record.urgency));
      outcomes.inc({ channel: record.channel, outcome: 'retried' });
      this.logger.warn(
        { notificationId: record._id, channel: record.channel, attempts: record.attempts, reason: failure.reason },
        'delivery will be retried',
      );
      throw new RetryLaterError(failure.reason);
    }
    await this.settleFinalFailure(record, token, failure);
  }

  /** Marks a claimed delivery failed for good with its `notification.failed.v1`; an urgent one falls back. */
  async settleFinalFailure(record: DeliveryRecord, token: string, failure: DeliveryFailure): Promise<void> {
    const at = new Date();
    const entry = this.outbox.entry(
      TOPICS.notificationFailed,
      { ...this.report(record), permanent: failure.permanent, reason: failure.reason, failedAt: at.toISOString() },
      { correlationId: record.correlationId, causationId: record.sourceEventId },
    );
    const fallbackPending = isUrgent(record.urgency);
    const marked = await this.outbox.store(
      this.model,
      record._id,
      [entry],
      () => this.deliveries.markFailed(record, token, { ...failure, at, entry, fallbackPending }),
      { pullExact: (entries) => this.deliveries.pullOutbox(record._id, entries, fallbackPending) },
    );
    if (!marked) return;
    outcomes.inc({ channel: record.channel, outcome: failure.permanent ? 'failed' : 'exhausted' });
    this.logger.warn({ notificationId: record._id, channel: record.channel, attempts: record.attempts, ...failure }, 'delivery failed');
    if (fallbackPending) await this.fallback.afterFinalFailure({ ...record, status: 'failed', fallbackPending });
  }

  private report(record: DeliveryRecord) {
    return {
      notificationId: record._id,
      sourceEventId: record.sourceEventId,
      sourceType: record.sourceType,
      aggregateKey: record.aggregateKey,
      recipientPersonId: record.recipientPersonId,
      channel: record.channel,
      attempts: record.attempts,
    };
  }

  private get model(): Model<DeliveryRecord> {
    return this.deliveries.model;
  }
}
