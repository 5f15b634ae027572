import { backboneSettings, setting } from '@ctip/config';
import { FUND_CRITERIA, timeZoneSchema } from '@ctip/contracts';
import { z } from 'zod';

/** `impact:1,national-partners:1,state-ngo-cooperation:1,regional-networking:1` → weights per criterion. */
const criterionWeights = z
  .string()
  .default(FUND_CRITERIA.map((c) => `${c}:1`).join(','))
  .transform((value, ctx) => {
    const weights: Record<string, number> = {};
    for (const pair of value.split(',').map((p) => p.trim())) {
      const [criterion, raw] = pair.split(':');
      const weight = Number(raw);
      if (!(FUND_CRITERIA as readonly string[]).includes(criterion) || !Number.isFinite(weight) || weight < 0) {
        ctx.addIssue({
          code: 'custom',
          message: `"${pair}" must be <criterion>:<weight ≥ 0> with a criterion of ${FUND_CRITERIA.join(', ')}`,
        });
        return z.NEVER;
      }
      weights[criterion] = weight;
    }
    for (const criterion of FUND_CRITERIA) weights[criterion] ??= 1;
    return weights as Record<(typeof FUND_CRITERIA)[number], number>;
  });

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3002),
  /** The fund's own time zone: cut-offs, quarters and due dates are read in it. */
  FUND_TIME_ZONE: timeZoneSchema.default('Europe/Warsaw'),
  FUND_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code')
    .default('EUR'),
  /** The per-project limit of the screening checklist, in minor units (default EUR 150,000.00). */
  FUND_PROJECT_LIMIT_MINOR: z.coerce.number().int().min(1).default(15_000_000),
  FUND_CRITERION_WEIGHTS: criterionWeights,
  /** Reviewed proposals scoring below this weighted total (0–5) are proposed for decline, not deferral. */
  FUND_DECLINE_BELOW_SCORE: z.coerce.number().min(0).max(5).default(2.5),
  /** Share of each quarter's envelope kept for urgent fast-track approvals, in per cent. */
  FUND_URGENT_RESERVE_PERCENT: z.coerce.number().min(0).max(100).default(20),
  /** Time to decide an urgent request; reminded at half of it, escalated to the head of unit when it expires. */
  FUND_URGENT_SLA_MS: setting.durationMs(72 * 3600_000),
  /** An applicant silent this long after a revision request is reminded (days in production; short in tests). */
  FUND_CONSULTATION_REMINDER_MS: setting.durationMs(14 * 24 * 3600_000),
  /** Public endpoints (`/public/*`, no token): requests per client address per window, counted in Redis. */
  FUND_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
  FUND_PUBLIC_RATE_WINDOW_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * The directory organisation of ODIHR's fund staff (officers, committee, head of unit): in the demo
   * directory `odihr-atpf`, apart from the coordination unit, whose every person case routing alerts.
   */
  FUND_UNIT_ORGANISATION_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be a directory organisation id')
    .default('odihr-atpf'),
  /** A project report is reminded this long before its due date (days in production; short in tests). */
  FUND_REPORT_REMINDER_LEAD_MS: setting.durationMs(14 * 24 * 3600_000),
  /** An overdue report is reminded again this often until it arrives or is waived. */
  FUND_REPORT_OVERDUE_EVERY_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24 * 3600_000),
  /** Where links in notices point (the web front end). */
  APP_BASE_URL: setting.url(['http', 'https']).default('http://127.0.0.1:3002'),
});

export type FundProposalsConfig = z.infer<typeof configSchema>;

export const FUND_CONFIG = Symbol('FUND_CONFIG');
