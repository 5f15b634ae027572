/**
 * What an urgent justification must not contain and can be recognised reliably: an email address or a
 * telephone number in international form (`+` and 7 or more digits). Names, birth dates, addresses and
 * descriptions of a person cannot be told from ordinary text by a pattern; they are excluded by the rule
 * shown to the applicant (a case is named only by its reference) and by the justification never leaving
 * the service (not in events, logs or lists).
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const INTERNATIONAL_PHONE = /\+\s?\d(?:[\s().-]?\d){6,}/;

export function personalDataProblem(text: string): string | undefined {
  if (EMAIL.test(text)) return 'must not contain an email address: name a case only by its reference (RR-2026-000123)';
  if (INTERNATIONAL_PHONE.test(text)) return 'must not contain a telephone number: name a case only by its reference (RR-2026-000123)';
  return undefined;
}
