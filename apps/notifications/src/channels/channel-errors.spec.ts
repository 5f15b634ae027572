import { TemplateVariableMissingError } from '../templates/template-renderer';
import { deliveryFailure } from '../delivery/delivery-failure';
import {
  classifyHttpStatus,
  classifySmtpError,
  httpFailure,
  networkFailure,
  PermanentChannelError,
  TransientChannelError,
} from './channel-errors';

describe('channel error classification', () => {
  it('treats HTTP 408, 429 and 5xx as transient, other 4xx and redirects as permanent', () => {
    expect([200, 201, 204].map(classifyHttpStatus)).toEqual(['accepted', 'accepted', 'accepted']);
    expect([408, 429, 500, 502, 503].map(classifyHttpStatus)).toEqual(Array(5).fill('transient'));
    expect([301, 400, 401, 403, 404, 410, 422].map(classifyHttpStatus)).toEqual(Array(7).fill('permanent'));
    expect(httpFailure('SMS gateway', 503)).toBeInstanceOf(TransientChannelError);
    expect(httpFailure('SMS gateway', 400)).toEqual(new PermanentChannelError('SMS gateway answered HTTP 400'));
  });

  it('treats timeouts and refused connections as transient, without quoting the URL', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }),
    });
    expect(networkFailure('webhook', refused)).toEqual(new TransientChannelError('webhook request failed (ECONNREFUSED)'));
    expect(networkFailure('webhook', new DOMException('timed out', 'TimeoutError')).message).toBe('webhook request timed out');
  });

  it('treats SMTP 4xx and lost connections as transient, 5xx and unbuildable messages as permanent', () => {
    expect(classifySmtpError({ responseCode: 451, command: 'RCPT TO' })).toEqual(
      new TransientChannelError('SMTP server answered 451 to RCPT'),
    );
    expect(classifySmtpError({ responseCode: 550, command: 'RCPT TO', response: '550 no such user alice@example.org' })).toEqual(
      new PermanentChannelError('SMTP server answered 550 to RCPT'),
    );
    expect(classifySmtpError({ code: 'ECONNECTION' })).toBeInstanceOf(TransientChannelError);
    expect(classifySmtpError({ code: 'ETIMEDOUT' })).toBeInstanceOf(TransientChannelError);
    expect(classifySmtpError({ code: 'EENVELOPE' })).toBeInstanceOf(PermanentChannelError);
  });

  it('makes a missing template variable a permanent failure named after the variable; the unexpected is retried', () => {
    expect(deliveryFailure(new TemplateVariableMissingError('caseRef'))).toEqual({
      reason: 'template variable "caseRef" missing',
      permanent: true,
    });
    expect(deliveryFailure(new TransientChannelError('SMTP server answered 451'))).toEqual({
      reason: 'SMTP server answered 451',
      permanent: false,
    });
    expect(deliveryFailure(new RangeError('boom at alice@example.org'))).toEqual({ reason: 'unexpected RangeError', permanent: false });
  });
});
