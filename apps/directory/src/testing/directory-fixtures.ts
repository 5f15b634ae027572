import { uniqueSuffix } from '@ctip/testing';

/** A fresh id per test, so tests never see each other's data in the shared database. */
export const freshId = (prefix: string): string => `${prefix}-${uniqueSuffix(10)}`;

export function presenceBody(organisationId: string, country: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    organisationId,
    kind: 'field-presence',
    name: `Test presence ${organisationId}`,
    country,
    languages: ['en', 'ru'],
    timeZone: 'Europe/Chisinau',
    ...overrides,
  };
}

export function personBody(personId: string, organisationId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    personId,
    organisationId,
    displayName: `Test person ${personId}`,
    roles: ['focal-point'],
    languages: ['en'],
    timeZone: 'Europe/Chisinau',
    contactPoints: [
      { contactPointId: 'email', channel: 'email', address: `${personId}@test.example.org`, priority: 0 },
      { contactPointId: 'sms', channel: 'sms', address: '+99900999001', priority: 1 },
    ],
    ...overrides,
  };
}
