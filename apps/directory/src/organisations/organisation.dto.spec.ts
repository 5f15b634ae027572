import { fieldProblems } from '@ctip/http';
import { createOrganisationSchema } from './organisation.dto';

const fieldsOf = (body: Record<string, unknown>): string[] => {
  const result = createOrganisationSchema.safeParse(body);
  return result.success ? [] : fieldProblems(result.error).map((p) => p.field);
};

const presence = {
  organisationId: 'osce-presence-md',
  kind: 'field-presence',
  name: 'Mission to Moldova',
  country: 'MD',
  languages: ['en', 'ru'],
  timeZone: 'Europe/Chisinau',
};

describe('createOrganisationSchema', () => {
  it('accepts a field presence with defaults for the optional lists', () => {
    expect(createOrganisationSchema.parse(presence)).toMatchObject({ countriesCovered: [], services: [], active: true, demo: false });
  });

  it('requires a partner type for partners and refuses it for everyone else', () => {
    expect(fieldsOf({ ...presence, kind: 'partner', services: ['shelter'] })).toEqual(['partnerType']);
    expect(fieldsOf({ ...presence, partnerType: 'ngo' })).toEqual(['partnerType']);
  });

  it('lets only partners offer services', () => {
    expect(fieldsOf({ ...presence, services: ['legal-aid'] })).toEqual(['services']);
  });

  it('needs a country except for the coordination unit', () => {
    const { country: _none, ...withoutCountry } = presence;
    expect(fieldsOf(withoutCountry)).toEqual(['country']);
    expect(fieldsOf({ ...withoutCountry, kind: 'coordination-unit' })).toEqual([]);
  });

  it('needs a language notifications are written in, and a real time zone', () => {
    expect(fieldsOf({ ...presence, languages: ['ro'], timeZone: 'Europe/Atlantis' })).toEqual(['languages', 'timeZone']);
    expect(fieldsOf({ ...presence, languages: [] })).toEqual(['languages']);
  });

  it('refuses an id that is not a lowercase slug', () => {
    expect(fieldsOf({ ...presence, organisationId: 'OSCE Moldova' })).toEqual(['organisationId']);
    expect(fieldsOf({ ...presence, organisationId: '-md' })).toEqual(['organisationId']);
  });
});
