import { randomUUID } from 'node:crypto';
import { TOPICS, type TrainingCertificateIssued } from '@ctip/contracts';
import { Outbox } from '@ctip/outbox';
import { expectEventually, ServiceUnderTest, uniqueSuffix } from '@ctip/testing';
import { PDFParse } from 'pdf-parse';
import { AttendanceRegisterRepository } from '../attendance/attendance-register.repository';
import { ExternalParticipantRepository } from '../participants/external-participant.repository';
import {
  eventFixture,
  seedEvent,
  seedPerson,
  sessionsFixture,
  trainingModule,
  type AfterEventFixture,
} from '../testing/after-event.fixtures';
import type { IssueResult, VerificationView } from './certificate.dto';

const HOUR = 3_600_000;

const textOf = async (pdf: Buffer) => {
  const parser = new PDFParse({ data: pdf });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
};

/** Certificates of attendance from the registers, as PDF with Cyrillic, and their public verification. */
describe('training certificates', () => {
  const run = uniqueSuffix();
  let service: ServiceUnderTest;
  let organiser: string;
  const organisationId = `org-${run}`;
  const [gulnara, ana, absent] = [`ngo-ahal-${run}`, `odihr-${run}`, `ngo-mary-${run}`];
  const external = `ext-${randomUUID()}`;
  const startsAt = new Date(Date.now() - 30 * HOUR);
  const event = eventFixture(run, {
    organisationId,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 8 * HOUR),
    sessions: sessionsFixture(startsAt, 4),
  });

  const issue = (eventId: string, token = organiser) => service.request<IssueResult>('POST', `/events/${eventId}/certificates`, { token });
  const download = async (certificateId: string, token: string) => {
    const response = await fetch(`${service.baseUrl}/certificates/${certificateId}.pdf`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
  };
  const verify = (code: string) => service.request<VerificationView>('GET', `/certificate-verifications/${encodeURIComponent(code)}`);
  const keepAll = async (target: AfterEventFixture, present: Record<string, number>) => {
    const registers = service.nest.get(AttendanceRegisterRepository, { strict: false });
    for (const [index, session] of target.sessions.entries())
      await registers.replace({
        _id: `${target._id}/${session.sessionId}`,
        eventId: target._id,
        sessionId: session.sessionId,
        entries: Object.entries(present).map(([participantId, sessions]) => ({
          participantId,
          status: index < sessions ? 'present' : 'absent',
        })),
        recordedBy: `organiser-${run}`,
        recordedAt: new Date(),
      });
  };

  beforeAll(async () => {
    service = await ServiceUnderTest.start({
      name: 'training-events',
      port: 4314,
      module: trainingModule,
      record: [TOPICS.trainingCertificateIssued],
    });
    organiser = await service.token(['training-organiser'], { subject: `organiser-${run}`, organisationId });
    await seedPerson(service, {
      personId: gulnara,
      organisationId: `ngo-${run}`,
      displayName: 'Гульнара Атаева',
      language: 'ru',
      timeZone: 'Asia/Ashgabat',
      country: 'TM',
    });
    await seedPerson(service, {
      personId: ana,
      organisationId: `odihr-atu-${run}`,
      displayName: 'Ana Popescu',
      language: 'en',
      timeZone: 'Europe/Warsaw',
      country: 'PL',
    });
    await seedPerson(service, {
      personId: absent,
      organisationId: `ngo-${run}`,
      displayName: 'Мерген Овезов',
      language: 'ru',
      timeZone: 'Asia/Ashgabat',
      country: 'TM',
    });
    await service.nest.get(ExternalParticipantRepository, { strict: false }).insert({
      _id: external,
      eventId: event._id,
      displayName: 'Айна Бердыева',
      email: `aina-${run}@example.org`,
      organisation: 'Prosecutor General’s Office',
      role: 'prosecutor',
      language: 'ru',
      timeZone: 'Asia/Ashgabat',
      country: 'TM',
      audiences: ['prosecutors'],
      revision: 1,
      registeredBy: `organiser-${run}`,
      demo: false,
      outbox: [],
    });
    await seedEvent(
      service,
      event,
      [gulnara, ana, absent, external].map((participantId) => ({ participantId, timeZone: 'Asia/Ashgabat' })),
    );
    await keepAll(event, { [gulnara]: 4, [ana]: 3, [absent]: 2, [external]: 4 });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('issues once each to those at or above the threshold, with a random code and a notice without names', async () => {
    const first = await issue(event._id);
    expect(first.status).toBe(200);
    expect(first.body.threshold).toBe(0.75);
    expect(first.body.issued.map((c) => c.participantId).sort()).toEqual([gulnara, ana, external].sort());
    expect(first.body.belowThreshold).toEqual([{ participantId: absent, rate: 0.5 }]);
    const again = await issue(event._id);
    expect(again.body.issued).toEqual([]);
    expect(again.body.alreadyIssued.map((c) => c.certificateId).sort()).toEqual(first.body.issued.map((c) => c.certificateId).sort());

    const notices = await expectEventually(() => {
      const events = service.eventsOf<TrainingCertificateIssued>(TOPICS.trainingCertificateIssued, event._id);
      expect(events).toHaveLength(3);
      return events.map((e) => e.data);
    });
    const codes = notices.map((n) => n.verificationCode);
    expect(new Set(codes).size).toBe(3);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const text = JSON.stringify(notices);
    for (const secret of ['Гульнара', 'Ana Popescu', 'Айна', `aina-${run}`, 'Prosecutor']) expect(text).not.toContain(secret);
  });

  it('issues each certificate once when two organisers issue at the same moment', async () => {
    const twin = eventFixture(run, { organisationId, startsAt, endsAt: event.endsAt, sessions: sessionsFixture(startsAt, 2) });
    await seedEvent(
      service,
      twin,
      [gulnara, ana].map((participantId) => ({ participantId, timeZone: 'Asia/Ashgabat' })),
    );
    await keepAll(twin, { [gulnara]: 2, [ana]: 2 });
    const second = await service.token(['training-organiser'], { subject: `organiser-2-${run}`, organisationId });
    const answers = await Promise.all([issue(twin._id), issue(twin._id, second)]);
    expect(answers.flatMap((a) => a.body.issued.map((c) => c.participantId)).sort()).toEqual([gulnara, ana].sort());
    await expectEventually(() => expect(service.eventsOf(TOPICS.trainingCertificateIssued, twin._id)).toHaveLength(2));
  });

  it('renders the PDF in the participant’s language, Cyrillic included, for them and the organiser only', async () => {
    const { body } = await issue(event._id);
    const idOf = (participantId: string) => body.alreadyIssued.find((c) => c.participantId === participantId)!.certificateId;
    const own = await download(idOf(gulnara), await service.token(['participant'], { subject: gulnara }));
    expect(own.status).toBe(200);
    expect(own.type).toMatch(/^application\/pdf/);
    const russian = await textOf(own.body);
    expect(russian).toContain('Сертификат об участии');
    expect(russian).toContain('Гульнара Атаева');
    expect(russian).toContain('Выявление жертв торговли людьми и помощь им');
    expect(russian).toContain('Туркменистан');
    const english = await textOf((await download(idOf(ana), organiser)).body);
    expect(english).toContain('Ana Popescu has attended');
    expect(english).toContain('Identifying and assisting victims of trafficking');
    expect(await textOf((await download(idOf(external), organiser)).body)).toContain('Айна Бердыева');
    expect((await download(idOf(gulnara), await service.token(['participant'], { subject: ana }))).status).toBe(404);
    expect((await fetch(`${service.baseUrl}/certificates/${idOf(gulnara)}.pdf`)).status).toBe(401);
    expect((await download('not-a-uuid', organiser)).status).toBe(400);
  });

  it('verifies a code in public, revealing only the event’s title and dates and whether it is valid', async () => {
    const [notice] = service.eventsOf<TrainingCertificateIssued>(TOPICS.trainingCertificateIssued, event._id).map((e) => e.data);
    const checked = await verify(notice.verificationCode.toLowerCase().replace(/-/g, ' '));
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({
      valid: true,
      event: { title: event.title, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString() },
    });
    const text = JSON.stringify(checked.body);
    for (const secret of [gulnara, ana, external, notice.certificateId, 'Гульнара', 'Ana', 'Айна']) expect(text).not.toContain(secret);
    expect((await verify('ZZZZ-ZZZZ-ZZZZ-ZZZZ')).body).toEqual({ valid: false });
    const malformed = await verify('not a code');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ errors: [{ field: 'code' }] });
  });

  it('can no longer make an erased external participant’s PDF, while the code stays valid', async () => {
    const { body } = await issue(event._id);
    const certificateId = body.alreadyIssued.find((c) => c.participantId === external)!.certificateId;
    const outbox = service.nest.get(Outbox, { strict: false });
    const entry = outbox.entry(TOPICS.notificationContactPointErased, {
      recipientId: external,
      source: 'training-events',
      at: new Date().toISOString(),
    });
    expect(await service.nest.get(ExternalParticipantRepository, { strict: false }).erase(external, entry, new Date())).toBe(true);
    expect((await download(certificateId, organiser)).status).toBe(404);
    const notice = service
      .eventsOf<TrainingCertificateIssued>(TOPICS.trainingCertificateIssued, event._id)
      .find((e) => e.data.certificateId === certificateId)!;
    expect((await verify(notice.data.verificationCode)).body.valid).toBe(true);
  });
});
