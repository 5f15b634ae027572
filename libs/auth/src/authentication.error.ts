/** The bearer token was missing or not acceptable; `reason` is short, safe to show, and never contains the token. */
export class AuthenticationError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AuthenticationError';
  }
}

/** The signing keys could not be fetched: the token may be fine, so this is not the caller's fault. */
export class KeySetUnavailableError extends Error {
  constructor(reason: string) {
    super(`signing keys unavailable: ${reason}`);
    this.name = 'KeySetUnavailableError';
  }
}
