import ical, { type VEvent } from 'node-ical';
import { CalendarInvitationBuilder, type CalendarEntry } from './calendar-invitation.builder';

describe(CalendarInvitationBuilder.name, () => {
  const builder = new CalendarInvitationBuilder({ name: 'CTIP Training Events', email: 'events@ctip.test' });
  const entry: CalendarEntry = {
    method: 'REQUEST',
    uid: 'training-evt-42@ctip',
    sequence: 3,
    startsAt: '2010-10-02T05:00:00Z',
    endsAt: '2010-10-03T12:00:00.000Z',
    timeZone: 'Asia/Ashgabat',
    summary: 'Тренинг: выявление жертв торговли людьми; роли, группы',
    location: 'Hotel Hazar, Turkmenbashy, Turkmenistan',
    description: 'Open the event: https://console.ctip.test/training/events/evt-42',
    url: 'https://console.ctip.test/training/events/evt-42',
  };
  const stamp = new Date('2010-09-01T08:00:00Z');
  const parse = (content: string) => {
    const parsed = ical.sync.parseICS(content);
    const events = Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(events).toHaveLength(1);
    return events[0];
  };

  it('writes a REQUEST with the stable UID, the SEQUENCE, zoned times with their VTIMEZONE, organiser and attendee', () => {
    const invitation = builder.build(entry, { email: 'g.participant@example.org' }, stamp);
    expect(invitation.method).toBe('REQUEST');
    const { content } = invitation;
    expect(content).toMatch(/^METHOD:REQUEST\r$/m);
    expect(content).toMatch(/^BEGIN:VTIMEZONE\r\nTZID:Asia\/Ashgabat\r$/m);
    // 05:00 UTC is 10:00 on the venue's clock (UTC+5), written with its TZID.
    expect(content).toContain('DTSTART;TZID=Asia/Ashgabat:20101002T100000');
    expect(content).toContain('DTEND;TZID=Asia/Ashgabat:20101003T170000');
    expect(content).toContain('DTSTAMP:20100901T080000Z');

    const event = parse(content);
    expect(event.uid).toBe('training-evt-42@ctip');
    expect(Number(event.sequence)).toBe(3);
    expect(event.start.toISOString()).toBe('2010-10-02T05:00:00.000Z');
    expect(event.end?.toISOString()).toBe('2010-10-03T12:00:00.000Z');
    expect(event.start.tz).toBe('Asia/Ashgabat');
    expect(event.summary).toBe(entry.summary);
    expect(event.location).toBe(entry.location);
    expect(event.status).toBe('CONFIRMED');
    expect(event.organizer).toMatchObject({ val: 'mailto:events@ctip.test', params: { CN: 'CTIP Training Events' } });
    const attendees = [event.attendee].flat();
    expect(attendees).toHaveLength(1);
    expect(attendees[0]).toMatchObject({ val: 'MAILTO:g.participant@example.org', params: { ROLE: 'REQ-PARTICIPANT', RSVP: false } });
  });

  it('writes a CANCEL with STATUS:CANCELLED under the same UID', () => {
    const { method, content } = builder.build({ ...entry, method: 'CANCEL', sequence: 4 }, { email: 'g.participant@example.org' }, stamp);
    expect(method).toBe('CANCEL');
    expect(content).toMatch(/^METHOD:CANCEL\r$/m);
    const event = parse(content);
    expect(event.uid).toBe('training-evt-42@ctip');
    expect(Number(event.sequence)).toBe(4);
    expect(event.status).toBe('CANCELLED');
  });

  it('folds long lines and escapes text as RFC 5545 requires, so the text reads back whole', () => {
    const summary = `${'Длинное название конференции, '.repeat(6)}; с точкой с запятой`;
    const { content } = builder.build({ ...entry, summary }, { email: 'a@example.org' }, stamp);
    for (const line of content.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(parse(content).summary).toBe(summary);
  });
});
