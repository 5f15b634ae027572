import { createTransport } from 'nodemailer';
import type { SmtpSink } from '@ctip/testing';

/**
 * The raw limit of email on this machine: nodemailer's pool (the same library, pool size and server the
 * notifications service uses) sending `count` messages of the same text and calendar part to the same
 * SMTP server, all at once. Returns the seconds from the first send until the server had kept every one.
 */
export async function rawPoolSeconds(
  smtp: SmtpSink,
  options: { count: number; maxConnections: number; text: string; subject: string; calendar?: string; addressOf: (i: number) => string },
): Promise<number> {
  const transport = createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    pool: true,
    maxConnections: options.maxConnections,
  });
  const before = smtp.received.length;
  const started = Date.now();
  try {
    await Promise.all(
      Array.from({ length: options.count }, (_, i) =>
        transport.sendMail({
          from: 'CTIP Bench <bench@ctip.test>',
          to: options.addressOf(i),
          subject: options.subject,
          text: options.text,
          ...(options.calendar ? { icalEvent: { method: 'REQUEST', content: options.calendar } } : {}),
        }),
      ),
    );
    const kept = smtp.received.slice(before);
    if (kept.length < options.count) throw new Error(`baseline: the server kept ${kept.length} of ${options.count} messages`);
    return (Math.max(...kept.map((m) => m.receivedAt)) - started) / 1000;
  } finally {
    transport.close();
  }
}
