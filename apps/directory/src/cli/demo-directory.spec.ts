import { createOrganisationSchema } from '../organisations/organisation.dto';
import { createPersonSchema } from '../people/person.dto';
import { putRosterSchema } from '../rosters/roster.dto';
import { rosterShapeProblems } from '../rosters/roster-rules';
import { demoDirectory, FUND_ORGANISATION_ID } from './demo-directory';

describe(demoDirectory.name, () => {
  const demo = demoDirectory();
  const organisations = demo.organisations.map((o) => createOrganisationSchema.parse(o));
  const people = demo.people.map((p) => createPersonSchema.parse(p));

  it('passes the same validation as the API', () => {
    for (const { presenceId: _id, ...roster } of demo.rosters) expect(rosterShapeProblems(putRosterSchema.parse(roster))).toEqual([]);
  });

  it('marks every record as demo data', () => {
    for (const record of [...organisations, ...people]) expect(record.demo).toBe(true);
    for (const o of organisations) expect(o.name).toMatch(/^\[DEMO\] /);
    for (const p of people) expect(p.displayName).toMatch(/^\[DEMO\] /);
  });

  it('uses only contact details that reach no one', () => {
    const points = people.flatMap((p) => p.contactPoints);
    const byChannel = (channel: string) => points.filter((p) => p.channel === channel).map((p) => p.address);
    for (const email of byChannel('email')) expect(email).toMatch(/@demo\.example\.org$/);
    for (const phone of byChannel('sms')) expect(phone).toMatch(/^\+99900\d+$/);
    for (const hook of byChannel('webhook')) expect(hook).toMatch(/^https:\/\/hooks\.demo\.example\.org\//);
    expect(new Set(byChannel('sms')).size).toBe(byChannel('sms').length);
  });

  it('points the webhooks at a receiver of the caller’s choice, still valid for the API', () => {
    const local = demoDirectory('http://127.0.0.1:8099/');
    const hooks = local.people
      .map((p) => createPersonSchema.parse(p))
      .flatMap((p) => p.contactPoints.filter((c) => c.channel === 'webhook'));
    expect(hooks.map((h) => h.address)).toContain('http://127.0.0.1:8099/odihr-atu/coordinator-1');
    expect(hooks.every((h) => h.address.startsWith('http://127.0.0.1:8099/'))).toBe(true);
  });

  it('has the eleven field presences, each with a focal point, two backups and a head of mission on its roster', () => {
    const presences = organisations.filter((o) => o.kind === 'field-presence');
    expect(presences.map((p) => p.country).sort()).toEqual(['AL', 'AM', 'AZ', 'BA', 'GE', 'HR', 'KZ', 'MD', 'ME', 'TM', 'XK']);
    const roles = new Map(people.map((p) => [p.personId, p]));
    for (const roster of demo.rosters) {
      expect(roster.backupIds).toHaveLength(2);
      for (const id of [roster.primaryFocalPointId, ...(roster.backupIds ?? [])]) {
        expect(roles.get(id)).toMatchObject({ organisationId: roster.presenceId, roles: ['focal-point'] });
      }
      expect(roles.get(roster.headOfMissionId!)).toMatchObject({ organisationId: roster.presenceId, roles: ['head-of-mission'] });
    }
  });

  it('has the twelve-member NGO network across the five velayats of Turkmenistan, each with a psychologist or lawyer', () => {
    const network = organisations.filter((o) => o.organisationId.startsWith('tm-ngo-'));
    expect(network).toHaveLength(12);
    expect(new Set(network.flatMap((o) => o.regions))).toEqual(new Set(['Ahal', 'Balkan', 'Dashoguz', 'Lebap', 'Mary']));
    for (const ngo of network) {
      expect(ngo.services).toEqual(['psychological', 'legal-aid']);
      const staff = people.filter((p) => p.organisationId === ngo.organisationId);
      expect(staff).toHaveLength(2);
      expect(['psychologist', 'lawyer']).toContain(staff[0].roles[0]);
      // Seed 002's training in Turkmenbashy invites the network's representatives by audience.
      expect(staff[1]).toMatchObject({
        roles: ['ngo-representative'],
        audiences: ['ngo-representatives'],
        languages: ['ru', 'tk'],
        timeZone: 'Asia/Ashgabat',
      });
    }
  });

  it('has the coordination unit in Warsaw with two coordinators', () => {
    expect(organisations.find((o) => o.organisationId === 'odihr-atu')).toMatchObject({
      kind: 'coordination-unit',
      country: 'PL',
      timeZone: 'Europe/Warsaw',
    });
    expect(people.filter((p) => p.organisationId === 'odihr-atu' && p.roles.includes('coordinator'))).toHaveLength(2);
  });

  it('has the Fund’s officers, committee, head of unit and reviewers, some of them at field presences', () => {
    const withRole = (role: string) => people.filter((p) => p.roles.includes(role));
    expect(withRole('fund-officer').map((p) => p.organisationId)).toEqual([FUND_ORGANISATION_ID, FUND_ORGANISATION_ID]);
    expect(withRole('fund-committee')).toHaveLength(3);
    expect(withRole('head-of-unit').map((p) => p.personId)).toEqual(['odihr-head-of-unit']);
    const reviewers = withRole('fund-reviewer').map((p) => p.organisationId);
    expect(reviewers).toEqual(expect.arrayContaining([FUND_ORGANISATION_ID, 'osce-presence-al', 'osce-presence-kz']));
    // Case routing alerts every person of the coordination unit: nobody with a fund role is there.
    const unit = people.filter((p) => p.organisationId === 'odihr-atu');
    expect(unit.every((p) => p.roles.every((r) => !r.startsWith('fund-') && r !== 'head-of-unit'))).toBe(true);
    // A partner offering no service is never alerted for a case.
    expect(organisations.find((o) => o.organisationId === FUND_ORGANISATION_ID)).toMatchObject({ kind: 'partner', services: [] });
  });

  it('has one or two fund contacts per field presence, reading Russian first in Kazakhstan and Turkmenistan', () => {
    const contacts = people.filter((p) => p.roles.includes('fund-contact'));
    for (const presence of organisations.filter((o) => o.kind === 'field-presence')) {
      const own = contacts.filter((p) => p.organisationId === presence.organisationId);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(2);
      for (const contact of own) expect(contact.timeZone).toBe(presence.timeZone);
    }
    for (const cc of ['kz', 'tm']) expect(people.find((p) => p.personId === `fund-contact-${cc}-1`)?.languages[0]).toBe('ru');
  });
});
