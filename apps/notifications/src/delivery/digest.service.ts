import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { jobId } from '@ctip/scheduling';
import { PinoLogger } from 'nestjs-pino';
import { ChannelRegistry } from '../channels/channel-registry';
import type { ContactChannel } from '../channels/notification-channel';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { deliveryFailure, RetryLaterError } from './delivery-failure';
import { DeliveryRepository } from './delivery.repository';
import type { DeliveryRecord } from './delivery.schema';
import { DeliveryService } from './delivery.service';
import { MessageComposer } from './message-composer.service';
import { SentMarkers } from './sent-markers';

export interface DigestRun {
  personId: string;
  channel: ContactChannel;
  day: string;
  /** The BullMQ job carrying this run: the digest's Message-ID / Idempotency-Key. */
  runId: string;
}

/**
 * Sends a person's held deliveries on one channel as one message: claim each (one atomic update per
 * delivery, under one claim token) → render one digest → send → sent marker → mark each delivery sent
 * with its own `notification.delivered.v1`. A run that finds nothing held does nothing, so a repeated job
 * is a no-op. A run that died mid-send is taken over after its lease under the same digest id: if its
 * sent marker exists the deliveries are only marked sent, otherwise the same digest is sent again (the
 * receiver can drop it by Message-ID / Idempotency-Key) — the same window as for single deliveries.
 */
@Injectable()
export class DigestService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly delivery: DeliveryService,
    private readonly composer: MessageComposer,
    private readonly channels: ChannelRegistry,
    private readonly markers: SentMarkers,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly logger: PinoLogger,
  ) {}

  async send(run: DigestRun): Promise<void> {
    const { personId, channel, day, runId } = run;
    const lapsed = await this.deliveries.lapsedDigestClaims(personId, channel, new Date());
    for (const digestId of new Set(lapsed.map((r) => r.digestId ?? runId))) {
      const group = lapsed.filter((r) => (r.digestId ?? runId) === digestId);
      const { token, claimed } = await this.claim(group, digestId, true);
      if (claimed.length === 0) continue;
      this.logger.warn({ digestId, channel, count: claimed.length }, 'taking over a digest whose run stopped mid-send');
      if (await this.markers.wasSent(digestId)) await this.settleSent(claimed, token);
      else await this.deliver(digestId, day, claimed, token);
    }

    const held = await this.deliveries.heldForDigest(personId, channel, day);
    if (held.length === 0) return;
    // A run re-executed after it had sent (a stalled job) must not reuse the id of the message already sent.
    const digestId = (await this.markers.wasSent(runId)) ? jobId(runId, held[0]._id) : runId;
    const { token, claimed } = await this.claim(held, digestId, false);
    if (claimed.length > 0) await this.deliver(digestId, day, claimed, token);
  }

  private async claim(records: DeliveryRecord[], digestId: string, interrupted: boolean) {
    const token = randomUUID();
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.config.DELIVERY_LEASE_MS);
    const claimed: DeliveryRecord[] = [];
    for (const record of records) {
      const taken = await this.deliveries.claimForDigest(record._id, { token, digestId, now, leaseUntil, interrupted });
      if (taken) claimed.push(taken);
    }
    return { token, claimed };
  }

  private async deliver(digestId: string, day: string, records: DeliveryRecord[], token: string): Promise<void> {
    const every = Math.max(250, Math.floor(this.config.DELIVERY_LEASE_MS / 3));
    const renewal = setInterval(() => {
      this.deliveries
        .renewDigestLeases(token, new Date(Date.now() + this.config.DELIVERY_LEASE_MS))
        .catch((err: unknown) => this.logger.warn({ err, digestId }, 'digest leases not renewed'));
    }, every).unref();
    try {
      const { message, included, unrenderable } = this.composer.composeDigest(digestId, day, records);
      for (const { record, error } of unrenderable) await this.delivery.settleFinalFailure(record, token, deliveryFailure(error));
      if (!message) return;
      try {
        await this.channels.get(included[0].channel).send(message, await this.delivery.contactFor(included[0]));
      } catch (error) {
        return await this.settleFailure(included, token, error);
      }
      await this.markers.mark(digestId).catch((err: unknown) => this.logger.warn({ err }, 'sent marker not written'));
      this.logger.info({ digestId, channel: included[0].channel, count: included.length }, 'digest sent');
      await this.settleSent(included, token);
    } finally {
      clearInterval(renewal);
    }
  }

  private async settleSent(records: DeliveryRecord[], token: string): Promise<void> {
    for (const record of records) await this.delivery.settleSent(record, token);
  }

  /** Transient: every delivery waits for the job's next attempt, until one of them runs out of attempts. */
  private async settleFailure(records: DeliveryRecord[], token: string, error: unknown): Promise<void> {
    const failure = deliveryFailure(error);
    const exhausted = records.some((r) => r.attempts >= this.config.DELIVERY_MAX_ATTEMPTS);
    if (!failure.permanent && !exhausted) {
      for (const record of records) await this.deliveries.releaseDigestClaim(record._id, token, failure.reason);
      this.logger.warn({ channel: records[0].channel, count: records.length, reason: failure.reason }, 'digest will be retried');
      throw new RetryLaterError(failure.reason);
    }
    for (const record of records) await this.delivery.settleFinalFailure(record, token, failure);
  }
}
