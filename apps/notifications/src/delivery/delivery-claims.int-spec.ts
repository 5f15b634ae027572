import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { Redis } from 'ioredis';
import { DeliveryClaims } from './delivery-claims';
import { SentMarkers } from './sent-markers';

describe(DeliveryClaims.name, () => {
  let redis: Redis;
  let prefix: string;
  let markers: SentMarkers;
  let claims: DeliveryClaims;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
  });

  beforeEach(() => {
    prefix = `test-claims-${uniqueSuffix()}`;
    markers = new SentMarkers(redis, prefix);
    claims = new DeliveryClaims(redis, `${prefix}:deliveries`, markers);
  });

  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('lets one worker at a time hold a delivery and counts every attempt begun', async () => {
    const [a, b] = await Promise.all([claims.claim('d-1', 'token-a', 5_000), claims.claim('d-1', 'token-b', 5_000)]);
    const winners = [a, b].filter((claim) => claim !== null);
    expect(winners).toEqual([{ token: expect.any(String), attempt: 1, sent: false }]);
    const holder = winners[0]!.token;
    // Someone else's token neither renews nor releases it.
    const other = holder === 'token-a' ? 'token-b' : 'token-a';
    expect(await claims.renew('d-1', other, 5_000)).toBe(false);
    await claims.release('d-1', other);
    expect(await claims.claim('d-1', other, 5_000)).toBeNull();
    expect(await claims.leaseLeft('d-1')).toBeGreaterThan(4_000);

    await claims.release('d-1', holder);
    expect(await claims.leaseLeft('d-1')).toBe(0);
    expect(await claims.claim('d-1', 'token-c', 5_000)).toEqual({ token: 'token-c', attempt: 2, sent: false });
  });

  it('lapses with its lease unless renewed, and says whether a channel already accepted the message', async () => {
    expect(await claims.claim('d-2', 'dead', 300)).toEqual({ token: 'dead', attempt: 1, sent: false });
    expect(await claims.renew('d-2', 'dead', 300)).toBe(true);
    // The holder dies: nobody renews, the claim lapses.
    const taken = await expectEventually(
      async () => {
        const claim = await claims.claim('d-2', 'next', 5_000);
        expect(claim).not.toBeNull();
        return claim;
      },
      { timeoutMs: 5_000, intervalMs: 20 },
    );
    expect(taken).toEqual({ token: 'next', attempt: 2, sent: false });
    await markers.mark('d-2');
    await claims.release('d-2', 'next');
    expect(await claims.claim('d-2', 'after', 5_000)).toEqual({ token: 'after', attempt: 3, sent: true });
  });

  it('takes back the attempt of a claim that tried nothing', async () => {
    expect((await claims.claim('d-3', 'first', 5_000))?.attempt).toBe(1);
    await claims.abandon('d-3', 'first');
    expect(await claims.claim('d-3', 'second', 5_000)).toEqual({ token: 'second', attempt: 1, sent: false });
    // Abandoning with a token that does not hold the claim changes nothing.
    await claims.abandon('d-3', 'first');
    expect(await claims.leaseLeft('d-3')).toBeGreaterThan(0);
    await claims.release('d-3', 'second');
    expect((await claims.claim('d-3', 'third', 5_000))?.attempt).toBe(2);
  });
});
