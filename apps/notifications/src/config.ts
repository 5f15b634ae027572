import { backboneSettings, setting } from '@ctip/config';
import { contactSealKeysSchema, DEV_CONTACT_SEAL_KEYS } from '@ctip/contact-seal';
import { z } from 'zod';

/** A public development secret: refused when NODE_ENV=production, where WEBHOOK_SIGNING_KEYS is required. */
export const DEV_WEBHOOK_SIGNING_KEYS = 'dev:ctip-development-webhook-secret';

const perSecond = (fallback: number) => z.coerce.number().int().min(1).max(100_000).default(fallback);

/** Unset or empty: compose files pass `${VAR:-}` for settings an operator may leave out. */
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const configSchema = backboneSettings
  .extend({
    PORT: setting.port(3004),
    /** Links in notifications point here: `${APP_BASE_URL}/cases/<caseRef>`. */
    APP_BASE_URL: setting.url(['http', 'https']).default('http://localhost:3000'),

    SMTP_HOST: z.string().min(1).default('localhost'),
    SMTP_PORT: setting.port(1025),
    /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
    SMTP_SECURE: setting.bool(false),
    SMTP_USER: optional(z.string().min(1)),
    SMTP_PASSWORD: optional(z.string().min(1)),
    SMTP_FROM: z
      .string()
      .regex(/@[^\s@>]+/, 'must contain an address such as "CTIP Alerts <alerts@example.org>"')
      .default('CTIP Alerts <alerts@ctip.local>'),
    SMTP_TLS_REJECT_UNAUTHORIZED: setting.bool(true),
    SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
    SMTP_TIMEOUT_MS: setting.durationMs(15_000),

    /** Unset: the SMS channel is disabled (logged once at boot). */
    SMS_GATEWAY_URL: optional(setting.url(['http', 'https'])),
    SMS_GATEWAY_FORMAT: z.enum(['json', 'form']).default('json'),
    /** One header sent with every request, e.g. `Authorization: Bearer x`. */
    SMS_GATEWAY_AUTH_HEADER: optional(z.string().regex(/^[A-Za-z0-9-]+:\s*\S/, 'must look like "Header-Name: value"')),
    SMS_GATEWAY_TO_FIELD: z.string().min(1).default('to'),
    SMS_GATEWAY_TEXT_FIELD: z.string().min(1).default('text'),
    SMS_GATEWAY_SENDER: optional(z.string().min(1).max(20)),
    SMS_GATEWAY_SENDER_FIELD: z.string().min(1).default('from'),
    SMS_GATEWAY_TIMEOUT_MS: setting.durationMs(10_000),

    /** `kid:secret[,kid:secret]`: the first signs; receivers keep the previous one during a rotation (X-CTIP-Key-Id says which). */
    WEBHOOK_SIGNING_KEYS: optional(
      z
        .string()
        .regex(
          /^[A-Za-z0-9._-]{1,64}:[^,\s]{16,}(,[A-Za-z0-9._-]{1,64}:[^,\s]{16,})*$/,
          'must be kid:secret[,kid:secret], secrets of 16+ characters',
        ),
    ),
    WEBHOOK_TIMEOUT_MS: setting.durationMs(10_000),
    /** Plain-http webhook URLs are refused unless this is set (local development and tests). */
    WEBHOOK_ALLOW_HTTP: setting.bool(false),

    /** The organiser of every calendar invitation (iCalendar ORGANIZER): `Name <address>`. */
    CALENDAR_ORGANIZER: z
      .string()
      .regex(/^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/, 'must look like "CTIP Training Events <events@example.org>"')
      .default('CTIP Training Events <events@ctip.local>'),
    /** Opens the sealed contact points of people outside the directory; unset: the public development key. */
    CONTACT_SEAL_KEYS: z.preprocess(
      (value) => (value === '' || value === undefined ? DEV_CONTACT_SEAL_KEYS : value),
      contactSealKeysSchema,
    ),

    /** A notice naming an `ext-…` recipient not known yet is dispatched again for them after this, doubling… */
    EXTERNAL_RECIPIENT_RETRY_MS: setting.durationMs(1_000),
    /** …this many times (1 s doubling 8 times: about 4 minutes), then dead-lettered with the reason. */
    EXTERNAL_RECIPIENT_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),

    DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    /** First retry delay of a transient failure; doubles on each attempt. */
    DELIVERY_BACKOFF_MS: setting.durationMs(5_000),
    /** How long a claimed delivery stays claimed: keep it well above the channel timeouts, or a slow send could be taken over. */
    DELIVERY_LEASE_MS: setting.durationMs(60_000),
    DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
    /** Notices of different aggregates in one fetched batch of a partition dispatched at once (each aggregate's in order). */
    KAFKA_KEYS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(8),
    DELIVERY_RECOVERY_INTERVAL_MS: setting.durationMs(5_000),
    /** A due delivery with no live job for this long is re-queued by the recovery sweep. */
    DELIVERY_RECOVERY_GRACE_MS: setting.durationMs(30_000),
    /** The recovery sweep's pass over the whole deliveries collection (a scan on FerretDB), for what its due index missed. */
    DELIVERY_RECOVERY_FULL_SCAN_INTERVAL_MS: setting.durationMs(600_000),
    RATE_LIMIT_EMAIL_PER_SECOND: perSecond(20),
    RATE_LIMIT_SMS_PER_SECOND: perSecond(5),
    RATE_LIMIT_WEBHOOK_PER_SECOND: perSecond(20),
    RATE_LIMIT_INAPP_PER_SECOND: perSecond(200),
    /** Local hour (0–23, in each person's time zone) at which the daily digest of held notices is sent. */
    /**
     * Planning reads a recipient and their preferences again only when its copy is older than this (shared
     * by the events handled meanwhile; a change stored through this instance is read at once). 0: always.
     */
    READ_MODEL_MAX_AGE_MS: setting.durationMs(1_000),
    DIGEST_HOUR_LOCAL: z.coerce.number().int().min(0).max(23).default(8),
    INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  })
  .superRefine((config, context) => {
    if (config.NODE_ENV === 'production' && !config.WEBHOOK_SIGNING_KEYS) {
      context.addIssue({ code: 'custom', path: ['WEBHOOK_SIGNING_KEYS'], message: 'is required in production' });
    }
    if (config.NODE_ENV === 'production' && config.CONTACT_SEAL_KEYS.includes(DEV_CONTACT_SEAL_KEYS)) {
      context.addIssue({ code: 'custom', path: ['CONTACT_SEAL_KEYS'], message: 'is required in production (not the development key)' });
    }
    if (Boolean(config.SMTP_USER) !== Boolean(config.SMTP_PASSWORD)) {
      context.addIssue({ code: 'custom', path: ['SMTP_PASSWORD'], message: 'SMTP_USER and SMTP_PASSWORD are set together or not at all' });
    }
  });

export type NotificationsConfig = z.infer<typeof configSchema>;

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

/** The organiser mailbox of calendar invitations. */
export function calendarOrganizer(config: NotificationsConfig): { name: string; email: string } {
  const [, name, email] = /^([^<>]*)<([^<>]+)>$/.exec(config.CALENDAR_ORGANIZER)!;
  return { name: name.trim() || email, email };
}

export function webhookSigningKeys(config: NotificationsConfig): string {
  return config.WEBHOOK_SIGNING_KEYS ?? DEV_WEBHOOK_SIGNING_KEYS;
}
