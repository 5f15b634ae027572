import { dateTimeFormat } from '@ctip/contracts';

/** Languages with templates for every notification; a person reading another language gets the first of these they read, else English. */
export const TEMPLATE_LANGUAGES = ['en', 'ru'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export function isTemplateLanguage(value: string): value is TemplateLanguage {
  return (TEMPLATE_LANGUAGES as readonly string[]).includes(value);
}

/** The preferred language if set, else the first directory language with templates, else English. */
export function chooseLanguage(preferred: TemplateLanguage | undefined, reads: readonly string[]): TemplateLanguage {
  return preferred ?? reads.find(isTemplateLanguage) ?? 'en';
}

/** Who reads a message: their language and time zone. */
export interface Reader {
  language: TemplateLanguage;
  timeZone: string;
}

/**
 * Display values for one reader: the notification kind's own labels in their language (`labels`), and
 * the formats every kind shares — dates in their time zone, country names in their language.
 */
export class RecipientLocale<L = unknown> implements Reader {
  constructor(
    readonly language: TemplateLanguage,
    readonly timeZone: string,
    readonly labels: L,
  ) {}

  dateTime(iso: string): string {
    const format = dateTimeFormat(this.language, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: this.timeZone,
      timeZoneName: 'short',
    });
    return format.format(new Date(iso));
  }

  /** An ISO 3166 code as the country's name in the reader's language. */
  region(code: string): string {
    return new Intl.DisplayNames([this.language], { type: 'region' }).of(code) ?? code;
  }
}
