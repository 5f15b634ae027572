/** Worth retrying later: a timeout, a refused connection, 4xx SMTP replies, HTTP 408, 429 and 5xx. */
export class TransientChannelError extends Error {
  override name = 'TransientChannelError';
}

/** Retrying cannot help: a rejected address, 5xx SMTP replies, other HTTP 4xx, a template that cannot render. */
export class PermanentChannelError extends Error {
  override name = 'PermanentChannelError';
}

export type ChannelError = TransientChannelError | PermanentChannelError;

/** HTTP receivers (SMS gateway, webhooks): 2xx accepted; 408, 429 and 5xx transient; anything else permanent. */
export function classifyHttpStatus(status: number): 'accepted' | 'transient' | 'permanent' {
  if (status >= 200 && status < 300) return 'accepted';
  if (status === 408 || status === 429 || status >= 500) return 'transient';
  return 'permanent';
}

/** Maps a failed HTTP request to a typed error. The reason names the status, never the URL or the response body. */
export function httpFailure(receiver: string, status: number): ChannelError {
  const reason = `${receiver} answered HTTP ${status}`;
  return classifyHttpStatus(status) === 'transient' ? new TransientChannelError(reason) : new PermanentChannelError(reason);
}

/** A request that never got an answer (timeout, refused, reset) may succeed later. */
export function networkFailure(receiver: string, error: unknown): TransientChannelError {
  // DOMException (timeouts, aborts) is not an Error subclass everywhere: read the fields, not the class.
  const { name, cause } = (error ?? {}) as { name?: string; cause?: { code?: string; name?: string } };
  const detail = cause?.code ?? cause?.name ?? name ?? 'unknown';
  const what = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : `failed (${detail})`;
  return new TransientChannelError(`${receiver} request ${what}`);
}

interface SmtpErrorShape {
  responseCode?: number;
  code?: string;
  command?: string;
}

/**
 * SMTP replies: 4xx transient, 5xx permanent. No reply at all (connection refused or dropped, timeout,
 * TLS) is transient; a message nodemailer refuses to build is permanent. The server's text may quote the
 * address, so only the code and the command go into the reason.
 */
export function classifySmtpError(error: unknown): ChannelError {
  const { responseCode, code, command } = (error ?? {}) as SmtpErrorShape;
  const where = command ? ` to ${command.split(' ')[0]}` : '';
  if (typeof responseCode === 'number') {
    const reason = `SMTP server answered ${responseCode}${where}`;
    return responseCode >= 500 ? new PermanentChannelError(reason) : new TransientChannelError(reason);
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return new PermanentChannelError(`SMTP message rejected before sending (${code})`);
  return new TransientChannelError(`SMTP connection failed (${code ?? 'unknown'})`);
}
