import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { jobId, JobQueues, RedisLease } from '@ctip/scheduling';
import { PinoLogger } from 'nestjs-pino';
import { ChannelRegistry } from '../channels/channel-registry';
import type { ContactChannel } from '../channels/notification-channel';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { INSTANCE_NAME } from '../instance-name';
import { deliveryFailure, RetryLaterError } from './delivery-failure';
import { DeliveryRepository } from './delivery.repository';
import type { DeliveryRecord } from './delivery.schema';
import { DeliveryService } from './delivery.service';
import { keepRenewing } from './lease-renewal';
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
 *
 * One digest id is one list: a run works on a digest only while it holds the digest's Redis lease
 * (renewed with the deliveries' leases), and takes a dead run's digest over only once all of its claims
 * have lapsed, all of them at once. Two runs (recovery jobs, a stalled job run again) can therefore never
 * split a digest into two different messages under one Message-ID.
 */
@Injectable()
export class DigestService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly delivery: DeliveryService,
    private readonly composer: MessageComposer,
    private readonly channels: ChannelRegistry,
    private readonly markers: SentMarkers,
    private readonly queues: JobQueues,
    @Inject(INSTANCE_NAME) private readonly instance: string,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly logger: PinoLogger,
  ) {}

  async send(run: DigestRun): Promise<void> {
    const { personId, channel, day, runId } = run;
    const lapsed = await this.deliveries.lapsedDigestClaims(personId, channel, new Date());
    for (const digestId of new Set(lapsed.map((r) => r.digestId ?? runId))) {
      await this.exclusively(digestId, (token) => this.takeOver(digestId, day, token));
    }

    const held = await this.deliveries.heldForDigest(personId, channel, day);
    if (held.length === 0) return;
    // A run re-executed after its digest went out (a stalled job), or while a dead run's digest under its
    // id still waits to be taken over, must not reuse that id for another list.
    const taken = (await this.markers.wasSent(runId)) || (await this.deliveries.digestIdTaken(runId));
    const digestId = taken ? jobId(runId, held[0]._id) : runId;
    await this.exclusively(digestId, async (token) => {
      const claimed = await this.claim(held, digestId, token, false);
      if (claimed.length > 0) await this.deliver(digestId, day, claimed, token);
    });
  }

  /** A dead run's digest: every one of its deliveries, or none while some claim has not lapsed yet. */
  private async takeOver(digestId: string, day: string, token: string): Promise<void> {
    const group = await this.deliveries.digestClaims(digestId);
    const now = Date.now();
    if (group.some((r) => r.leaseUntil && new Date(r.leaseUntil).getTime() >= now)) {
      this.logger.info({ digestId }, 'digest takeover waits until all claims of the stopped run have lapsed');
      return;
    }
    const claimed = await this.claim(group, digestId, token, true);
    if (claimed.length === 0) return;
    this.logger.warn({ digestId, channel: claimed[0].channel, count: claimed.length }, 'taking over a digest whose run stopped mid-send');
    if (await this.markers.wasSent(digestId)) await this.settleSent(claimed, token);
    else await this.deliver(digestId, day, claimed, token);
  }

  /**
   * Runs `work` holding the digest's lease, renewing it and the leases of the deliveries claimed under
   * `token` until it ends; does nothing if another run holds it (that run sends the digest).
   */
  private async exclusively(digestId: string, work: (token: string) => Promise<void>): Promise<void> {
    const lease = new RedisLease(this.queues.redis, `ctip-${this.instance}:lease:digest:${digestId}`, this.config.DELIVERY_LEASE_MS);
    if (!(await lease.acquire())) {
      this.logger.info({ digestId }, 'digest is being sent by another run');
      return;
    }
    const token = randomUUID();
    const renewal = keepRenewing(
      this.config.DELIVERY_LEASE_MS,
      async (leaseUntil) => {
        if (!(await lease.acquire())) this.logger.warn({ digestId }, 'digest lease lost while sending');
        await this.deliveries.renewDigestLeases(token, leaseUntil);
      },
      (err) => this.logger.warn({ err, digestId }, 'digest leases not renewed'),
    );
    try {
      await work(token);
    } finally {
      clearInterval(renewal);
      await lease.release().catch((err: unknown) => this.logger.warn({ err, digestId }, 'digest lease not released'));
    }
  }

  /**
   * Claims the deliveries one by one, then has the recovery sweep look at them when their leases pass: a
   * digest run early (its job promoted, or re-queued by a sweep) would otherwise stay due in the index only
   * at the digest's own time, hours away, and a run killed mid-send would wait that long to be taken over.
   */
  private async claim(records: DeliveryRecord[], digestId: string, token: string, interrupted: boolean): Promise<DeliveryRecord[]> {
    const claimed: DeliveryRecord[] = [];
    let leaseUntil = new Date();
    for (const record of records) {
      const now = new Date();
      leaseUntil = new Date(now.getTime() + this.config.DELIVERY_LEASE_MS);
      const taken = await this.deliveries.claimForDigest(record._id, { token, digestId, now, leaseUntil, interrupted });
      if (taken) claimed.push(taken);
    }
    await this.deliveries.watchUntil(claimed, leaseUntil);
    return claimed;
  }

  private async deliver(digestId: string, day: string, records: DeliveryRecord[], token: string): Promise<void> {
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
  }

  private async settleSent(records: DeliveryRecord[], token: string): Promise<void> {
    for (const record of records) await this.delivery.settleSent(record, token, { publishFirst: false });
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
