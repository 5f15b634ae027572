import { jobId, type JobQueues } from '@ctip/scheduling';
import type { PinoLogger } from 'nestjs-pino';
import type { ChannelRegistry } from '../channels/channel-registry';
import type { OutboundMessage } from '../channels/notification-channel';
import type { NotificationsConfig } from '../config';
import type { DeliveryRepository } from './delivery.repository';
import type { DeliveryRecord } from './delivery.schema';
import type { DeliveryService } from './delivery.service';
import { DigestService } from './digest.service';
import type { MessageComposer } from './message-composer.service';
import type { SentMarkers } from './sent-markers';

const PERSON = 'p-1';
const DAY = '2026-03-02';
const DIGEST = jobId('digest', PERSON, 'email', DAY);
const LEASE_MS = 60_000;

/** Yields to other runs, as a database or Redis round trip does. */
const roundTrip = async (turns = 1) => {
  for (let i = 0; i < turns; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** The digest-related part of DeliveryRepository over an in-memory collection: each call is one atomic step. */
class Deliveries {
  readonly rows = new Map<string, DeliveryRecord>();
  /** The run that claims first goes on slowly (a loaded database), so that another could overtake it. */
  private slowToken?: string;
  private claims = 0;
  afterClaim?: (claims: number) => void;

  add(count: number, fields: Partial<DeliveryRecord>): void {
    for (let i = 0; i < count; i += 1) {
      const _id = `n-${this.rows.size}`;
      this.rows.set(_id, {
        _id,
        recipientPersonId: PERSON,
        channel: 'email',
        status: 'digest-pending',
        digestDay: DAY,
        attempts: 0,
        interruptedAttempts: 0,
        leaseUntil: null,
        claimToken: null,
        ...fields,
      } as DeliveryRecord);
    }
  }

  private select(match: (r: DeliveryRecord) => boolean): DeliveryRecord[] {
    return [...this.rows.values()].filter(match).map((r) => ({ ...r }));
  }

  async lapsedDigestClaims(_person: string, _channel: string, now: Date) {
    await roundTrip();
    return this.select((r) => r.status === 'digesting' && r.leaseUntil !== null && r.leaseUntil < now);
  }

  async digestClaims(digestId: string) {
    await roundTrip();
    return this.select((r) => r.status === 'digesting' && r.digestId === digestId);
  }

  async heldForDigest() {
    await roundTrip();
    return this.select((r) => r.status === 'digest-pending');
  }

  async digestIdTaken(digestId: string) {
    await roundTrip();
    return this.select((r) => r.digestId === digestId && (r.status === 'digesting' || r.status === 'sent')).length > 0;
  }

  async claimForDigest(id: string, claim: { token: string; digestId: string; now: Date; leaseUntil: Date; interrupted: boolean }) {
    await roundTrip(claim.token === this.slowToken ? 4 : 1);
    const row = this.rows.get(id)!;
    const free = claim.interrupted
      ? row.status === 'digesting' && row.digestId === claim.digestId && row.leaseUntil !== null && row.leaseUntil < claim.now
      : row.status === 'digest-pending';
    if (!free) return null;
    Object.assign(row, {
      status: 'digesting',
      digestId: claim.digestId,
      claimToken: claim.token,
      leaseUntil: claim.leaseUntil,
      attempts: row.attempts + 1,
      interruptedAttempts: row.interruptedAttempts + (claim.interrupted ? 1 : 0),
    });
    this.slowToken ??= claim.token;
    this.claims += 1;
    this.afterClaim?.(this.claims);
    return { ...row };
  }

  /** The recovery sweep's due index: when each id is looked at again. */
  readonly watched = new Map<string, number>();

  async watchUntil(records: { _id: string }[], at: Date) {
    await roundTrip();
    for (const { _id } of records) this.watched.set(_id, at.getTime());
  }

  async renewDigestLeases(token: string, leaseUntil: Date) {
    await roundTrip();
    for (const row of this.rows.values()) if (row.status === 'digesting' && row.claimToken === token) row.leaseUntil = leaseUntil;
  }

  async markSent(id: string, token: string) {
    await roundTrip();
    const row = this.rows.get(id)!;
    if (row.status !== 'digesting' || row.claimToken !== token) return;
    Object.assign(row, { status: 'sent', claimToken: null, leaseUntil: null });
  }
}

/** Enough of Redis for RedisLease: SET NX, and its renew / release scripts. TTLs are not needed here. */
class Redis {
  private readonly values = new Map<string, string>();

  async set(key: string, value: string) {
    await roundTrip();
    if (this.values.has(key)) return null;
    this.values.set(key, value);
    return 'OK';
  }

  async eval(script: string, _keys: number, key: string, owner: string) {
    await roundTrip();
    if (this.values.get(key) !== owner) return 0;
    if (script.includes("'del'")) this.values.delete(key);
    return 1;
  }
}

function digestService(deliveries: Deliveries) {
  const sent: OutboundMessage[] = [];
  const service = new DigestService(
    deliveries as unknown as DeliveryRepository,
    {
      settleSent: (record: DeliveryRecord, token: string) => deliveries.markSent(record._id, token),
      contactFor: async () => ({ contactPointId: 'cp', channel: 'email', address: 'x@example.org' }),
    } as unknown as DeliveryService,
    {
      composeDigest: (digestId: string, _day: string, records: DeliveryRecord[]) => ({
        message: { notificationId: digestId, data: { items: records.map((r) => r._id) } } as unknown as OutboundMessage,
        included: records,
        unrenderable: [],
      }),
    } as unknown as MessageComposer,
    { get: () => ({ send: async (message: OutboundMessage) => void sent.push(message) }) } as unknown as ChannelRegistry,
    { wasSent: async () => false, mark: async () => undefined } as unknown as SentMarkers,
    { redis: new Redis() } as unknown as JobQueues,
    'test-notifications',
    { DELIVERY_LEASE_MS: LEASE_MS, DELIVERY_MAX_ATTEMPTS: 3 } as NotificationsConfig,
    { info: () => undefined, warn: () => undefined } as unknown as PinoLogger,
  );
  const items = () => sent.map((m) => ({ id: m.notificationId, items: (m.data as { items: string[] }).items }));
  return { service, items };
}

const run = (runId: string) => ({ personId: PERSON, channel: 'email' as const, day: DAY, runId });

describe(DigestService.name, () => {
  const past = () => new Date(Date.now() - 1_000);

  it('sends a dead run’s digest whole, once, however many runs race to take it over', async () => {
    const deliveries = new Deliveries();
    deliveries.add(12, { status: 'digesting', digestId: DIGEST, claimToken: 'dead', leaseUntil: past(), attempts: 1 });
    const { service, items } = digestService(deliveries);

    // Two recovery jobs at once; the stalled job run again while the first takeover is claiming, slowly.
    let stalled: Promise<void> | undefined;
    deliveries.afterClaim = (claims) => {
      if (claims === 3) stalled = service.send(run(DIGEST));
    };
    await Promise.all([run(`${DIGEST}-recover-1`), run(`${DIGEST}-recover-2`)].map((r) => service.send(r)));
    await stalled;

    expect(items()).toEqual([{ id: DIGEST, items: [...deliveries.rows.keys()] }]);
    expect([...deliveries.rows.values()].map((r) => [r.status, r.attempts, r.interruptedAttempts])).toEqual(
      Array.from({ length: 12 }, () => ['sent', 2, 1]),
    );
  });

  it('takes nothing over while any claim of the dead run is still leased, then all of it', async () => {
    const deliveries = new Deliveries();
    deliveries.add(4, { status: 'digesting', digestId: DIGEST, claimToken: 'dead', leaseUntil: past(), attempts: 1 });
    deliveries.add(2, {
      status: 'digesting',
      digestId: DIGEST,
      claimToken: 'dead',
      leaseUntil: new Date(Date.now() + LEASE_MS),
      attempts: 1,
    });
    const { service, items } = digestService(deliveries);

    await service.send(run(`${DIGEST}-recover-1`));
    expect(items()).toEqual([]);
    expect([...deliveries.rows.values()].every((r) => r.claimToken === 'dead')).toBe(true);

    for (const row of deliveries.rows.values()) row.leaseUntil = past();
    await service.send(run(`${DIGEST}-recover-2`));
    expect(items()).toEqual([{ id: DIGEST, items: [...deliveries.rows.keys()] }]);
  });

  it('has the recovery sweep look at a digest’s claims when their leases pass, not at the digest’s own time', async () => {
    const deliveries = new Deliveries();
    deliveries.add(3, {});
    const { service, items } = digestService(deliveries);

    const before = Date.now();
    await service.send(run(DIGEST));

    expect(items()).toEqual([{ id: DIGEST, items: ['n-0', 'n-1', 'n-2'] }]);
    // (The real repository clears each entry when its delivery is marked sent.)
    expect([...deliveries.watched.keys()]).toEqual(['n-0', 'n-1', 'n-2']);
    for (const at of deliveries.watched.values()) {
      expect(at).toBeGreaterThanOrEqual(before + LEASE_MS);
      expect(at).toBeLessThanOrEqual(Date.now() + LEASE_MS);
    }
  });

  it('gives notices held later another id than a digest that is still to be taken over', async () => {
    const deliveries = new Deliveries();
    deliveries.add(2, {
      status: 'digesting',
      digestId: DIGEST,
      claimToken: 'dead',
      leaseUntil: new Date(Date.now() + LEASE_MS),
      attempts: 1,
    });
    deliveries.add(1, {});
    const { service, items } = digestService(deliveries);

    await service.send(run(DIGEST));
    expect(items()).toEqual([{ id: jobId(DIGEST, 'n-2'), items: ['n-2'] }]);
  });
});
