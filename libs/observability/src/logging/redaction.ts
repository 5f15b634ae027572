/**
 * Log redaction: secrets and any field that could hold personal data of a person concerned by a case.
 * Services never log bodies; this list is the second line of defence, not the first.
 */
const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'privateKey',
  'identity',
  'identifyingDetails',
  'personalData',
  'fullName',
  'firstName',
  'lastName',
  'dateOfBirth',
  'birthDate',
  'address',
  'phone',
  'email',
  'notes',
  // The fund's free text that may touch an individual case or a reviewer's judgement: an urgent
  // request's justification, a review's justifications, a conflict-of-interest statement.
  'justification',
  'statement',
  // A training's external participant (not in the directory): name and contact details, sealed on the way out.
  'displayName',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];
