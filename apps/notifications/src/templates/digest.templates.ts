import { dateTimeFormat } from '@ctip/contracts';
import type { TemplateLanguage } from './recipient-locale';
import type { NotificationTemplate } from './template-renderer';

/** One held notice in a digest: its own subject line and link, nothing else. */
export interface DigestItem {
  subject: string;
  link: string;
}

/** The context of a digest template: `date` is the person's local day, `link` the console. */
export interface DigestContext {
  [key: string]: unknown;
  date: string;
  count: string;
  link: string;
  items: DigestItem[];
}

/**
 * The daily digest: one message listing every held notice by subject line and link. The subject lines are
 * the notices' own rendered subjects, so the digest carries no more than the notices would have.
 */
export const DIGEST_TEMPLATES: Record<TemplateLanguage, NotificationTemplate> = {
  en: {
    subject: 'Daily digest for {{date}} ({{count}})',
    body: `Notices held for your daily digest:

{{#each items}}
- {{subject}}
  {{link}}
{{/each}}

Each link opens the record in the console, behind sign-in. This message carries no personal details.
`,
    short: 'CTIP daily digest for {{date}} ({{count}}): {{link}}',
  },
  ru: {
    subject: 'Ежедневная сводка за {{date}} ({{count}})',
    body: `Уведомления, отложенные для ежедневной сводки:

{{#each items}}
- {{subject}}
  {{link}}
{{/each}}

Каждая ссылка открывает запись в консоли после входа в систему. В этом сообщении нет персональных данных.
`,
    short: 'Ежедневная сводка CTIP за {{date}} ({{count}}): {{link}}',
  },
};

/** The digest's context: the local day in the reader's language, the items, and the console's address. */
export function digestContext(input: { day: string; language: TemplateLanguage; items: DigestItem[]; appBaseUrl: string }): DigestContext {
  const date = dateTimeFormat(input.language, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${input.day}T12:00:00Z`),
  );
  return {
    date,
    count: String(input.items.length),
    link: `${input.appBaseUrl.replace(/\/+$/, '')}/`,
    items: input.items.map(({ subject, link }) => ({ subject, link })),
  };
}
