import fs from 'node:fs';
import { getModelToken } from '@nestjs/mongoose';
import { ContactSeal, DEV_CONTACT_SEAL_KEYS } from '@ctip/contact-seal';
import {
  TOPICS,
  type NotificationContactPointErased,
  type NotificationContactPointSealed,
  type TrainingInvitationSent,
} from '@ctip/contracts';
import { expectEventually, uniqueSuffix } from '@ctip/testing';
import { TrainingHarness, trainingBody } from '../testing/training.fixtures';
import { EXTERNAL_PARTICIPANT_MODEL } from './external-participant.schema';

/** Every line the service writes in this process (pino writes synchronously to fd 1). */
const logLines: string[] = [];
const realWriteSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
  if (fd === 1 || fd === 2) {
    const text = typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8');
    logLines.push(text);
    if (!/"level":"(info|debug|trace)"/.test(text)) return realWriteSync(fd, data, ...rest);
    return typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).byteLength;
  }
  return realWriteSync(fd, data, ...rest);
}) as typeof fs.writeSync);

const RECORDED = [
  TOPICS.notificationContactPointSealed,
  TOPICS.notificationContactPointErased,
  TOPICS.trainingInvitationSent,
  TOPICS.trainingRegistrationConfirmed,
  TOPICS.trainingEventChanged,
  TOPICS.trainingEventCancelled,
];

/** External participants on the real servers: contact details only sealed, never in a Kafka message or a log line; erasure. */
describe('external participants', () => {
  const run = uniqueSuffix();
  const org = `odihr-${run}`;
  const email = `prosecutor.${run}@ministry.example.org`;
  const phone = '+99312345678';
  const name = `Айна Бердыева ${run}`;
  let h: TrainingHarness;
  let organiser: string;

  beforeAll(async () => {
    h = await TrainingHarness.start(4140, RECORDED, { LOG_LEVEL: 'info' });
    await h.organisation(org, 'PL', 'coordination-unit');
    await h.directoryHas([], [org]);
    organiser = await h.sut.token(['training-organiser'], { subject: `organiser-${run}`, organisationId: org });
  });

  afterAll(() => h?.stop());

  it('registers and invites them by ext-id, their details travelling only sealed, and erases them on request', async () => {
    const created = await h.call('POST', '/events', organiser, trainingBody(), { 'Idempotency-Key': `ev-${run}` });
    const eventId = created.body.eventId as string;
    const body = {
      displayName: name,
      organisation: 'Ministry of Justice',
      role: 'prosecutor',
      language: 'ru',
      timeZone: 'Asia/Ashgabat',
      email,
      phone,
      country: 'TM',
      audiences: ['prosecutors'],
    };
    const headers = { 'Idempotency-Key': `ext-${run}` };
    const registered = await h.call('POST', `/events/${eventId}/external-participants`, organiser, body, headers);
    const retry = await h.call('POST', `/events/${eventId}/external-participants`, organiser, body, headers);
    expect([registered.status, retry.status]).toEqual([201, 200]);
    const participantId = registered.body.participantId as string;
    expect(participantId).toMatch(/^ext-[0-9a-f-]{36}$/);
    expect(JSON.stringify(registered.body)).not.toContain(email);

    const sealed = await expectEventually(() => {
      const events = h.sut.eventsOf<NotificationContactPointSealed>(TOPICS.notificationContactPointSealed, participantId);
      expect(events).toHaveLength(1);
      return events[0].data;
    });
    expect(new ContactSeal([DEV_CONTACT_SEAL_KEYS]).open(participantId, sealed)).toEqual({
      displayName: name,
      language: 'ru',
      timeZone: 'Asia/Ashgabat',
      email,
      phone,
    });
    expect(() => new ContactSeal([DEV_CONTACT_SEAL_KEYS]).open('ext-someone-else', sealed)).toThrow();
    await expectEventually(() =>
      expect(
        h.sut.eventsOf<TrainingInvitationSent>(TOPICS.trainingInvitationSent, eventId).map((e) => e.data.recipients.personIds),
      ).toEqual([[participantId]]),
    );

    // The organiser accepts for them, then changes the time: notices go by id only.
    expect((await h.call('POST', `/events/${eventId}/registrations/${participantId}/acceptance`, organiser)).body.state).toBe('confirmed');
    const erase = () => h.call('DELETE', `/external-participants/${participantId}/personal-data`, organiser);
    expect((await erase()).status).toBe(204);
    expect((await erase()).status).toBe(204);
    await expectEventually(() =>
      expect(h.sut.eventsOf<NotificationContactPointErased>(TOPICS.notificationContactPointErased, participantId)).toHaveLength(1),
    );
    const registration = await h.call('GET', `/events/${eventId}/registrations/${participantId}`, organiser);
    expect(registration.body).toMatchObject({
      state: 'confirmed',
      external: true,
      participant: { country: 'TM', audiences: ['prosecutors'] },
    });
    const stored = await h.sut.nest.get(getModelToken(EXTERNAL_PARTICIPANT_MODEL), { strict: false }).findById(participantId).lean();
    expect(stored).toMatchObject({ organisation: 'Ministry of Justice', country: 'TM', audiences: ['prosecutors'] });
    expect(stored).not.toHaveProperty('email');
    expect(stored).not.toHaveProperty('phone');
    expect(stored).not.toHaveProperty('displayName');

    const everyMessage = RECORDED.flatMap((topic) => h.sut.eventsOf(topic)).map((e) => JSON.stringify(e));
    expect(everyMessage.length).toBeGreaterThanOrEqual(4);
    for (const message of everyMessage) {
      expect(message).not.toContain(email);
      expect(message).not.toContain(phone);
      expect(message).not.toContain(name);
    }
    expect(logLines.some((line) => /POST \/events\/[0-9a-f-]+\/external-participants 201/.test(line))).toBe(true);
    const logs = logLines.join('');
    expect(logs).not.toContain(email);
    expect(logs).not.toContain(phone);
    expect(logs).not.toContain(name);
  });

  it('refuses a malformed phone or email naming the field, without echoing the value', async () => {
    const created = await h.call('POST', '/events', organiser, trainingBody(), { 'Idempotency-Key': `ev2-${run}` });
    const body = {
      displayName: 'X',
      organisation: 'Y',
      role: 'judge',
      language: 'ru',
      timeZone: 'Asia/Ashgabat',
      email: `not-an-email-${run}`,
      phone: '8-800',
    };
    const refused = await h.call('POST', `/events/${created.body.eventId}/external-participants`, organiser, body);
    expect(refused.status).toBe(400);
    expect(refused.body.errors!.map((e) => e.field).sort()).toEqual(['email', 'phone']);
    expect(JSON.stringify(refused.body)).not.toContain(`not-an-email-${run}`);
  });

  it('accepts exactly the email addresses its OpenAPI document does (one schema: a pattern and a length, no format)', async () => {
    const docs = await h.sut.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/docs-json');
    const operation = docs.body.paths['/events/{id}/external-participants'].post as {
      requestBody: { content: { 'application/json': { schema: { properties: { email: Record<string, unknown> } } } } };
    };
    const documented = operation.requestBody.content['application/json'].schema.properties.email;
    expect(documented).not.toHaveProperty('format');
    expect(documented.maxLength).toBe(254);
    const pattern = new RegExp(documented.pattern as string);
    const valid = (address: string) => address.length <= 254 && pattern.test(address);

    const created = await h.call('POST', '/events', organiser, trainingBody(), { 'Idempotency-Key': `ev3-${run}` });
    const samples = [
      `judge.${run}@court.example.org`,
      `o'brien+${run}@gov.example.md`,
      // A domain label over 63 characters: schemathesis found it accepted while `format: email` called it invalid.
      `judge@${'b'.repeat(64)}.example.org`,
      `judge@court-.example.org`,
      `.judge@court.example.org`,
      `${'j'.repeat(65)}@court.example.org`,
      `${'a'.repeat(60)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.org`,
      `judge@court.example.org\n`,
    ];
    for (const address of samples) {
      const answer = await h.call('POST', `/events/${created.body.eventId}/external-participants`, organiser, {
        displayName: 'X',
        organisation: 'Y',
        role: 'judge',
        language: 'ru',
        timeZone: 'Asia/Ashgabat',
        email: address,
      });
      expect([address, answer.status]).toEqual([address, valid(address) ? 201 : 400]);
      if (answer.status === 400) expect(answer.body.errors!.map((e) => e.field)).toEqual(['email']);
    }
    expect(samples.filter(valid)).toHaveLength(2);
  });
});
