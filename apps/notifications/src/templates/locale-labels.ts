import type { SERVICES, URGENCIES, COUNTRY_ROLES } from '@ctip/contracts';

/** Languages with templates for every notification; a person reading another language gets the first of these they read, else English. */
export const TEMPLATE_LANGUAGES = ['en', 'ru'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export function isTemplateLanguage(value: string): value is TemplateLanguage {
  return (TEMPLATE_LANGUAGES as readonly string[]).includes(value);
}

type Labels = {
  urgency: Record<(typeof URGENCIES)[number], string>;
  service: Record<(typeof SERVICES)[number], string>;
  countryRole: Record<(typeof COUNTRY_ROLES)[number], string>;
  none: string;
};

const LABELS: Record<TemplateLanguage, Labels> = {
  en: {
    urgency: { critical: 'CRITICAL', high: 'High', normal: 'Normal' },
    service: {
      shelter: 'shelter',
      medical: 'medical care',
      psychological: 'psychological support',
      'legal-aid': 'legal aid',
      interpretation: 'interpretation',
      'voluntary-repatriation': 'voluntary repatriation',
      reintegration: 'reintegration',
    },
    countryRole: { found: 'identified', origin: 'origin', transit: 'transit', destination: 'destination' },
    none: 'none stated',
  },
  ru: {
    urgency: { critical: 'КРИТИЧЕСКАЯ', high: 'Высокая', normal: 'Обычная' },
    service: {
      shelter: 'приют',
      medical: 'медицинская помощь',
      psychological: 'психологическая поддержка',
      'legal-aid': 'юридическая помощь',
      interpretation: 'перевод',
      'voluntary-repatriation': 'добровольная репатриация',
      reintegration: 'реинтеграция',
    },
    countryRole: { found: 'выявление', origin: 'происхождение', transit: 'транзит', destination: 'назначение' },
    none: 'не указаны',
  },
};

/** Display values for one recipient: labels in their language, dates in their time zone. */
export class LocaleLabels {
  private readonly labels: Labels;

  constructor(
    readonly language: TemplateLanguage,
    readonly timeZone: string,
  ) {
    this.labels = LABELS[language];
  }

  urgency(value: (typeof URGENCIES)[number]): string {
    return this.labels.urgency[value];
  }

  services(values: readonly (typeof SERVICES)[number][]): string {
    return values.length === 0 ? this.labels.none : values.map((s) => this.labels.service[s]).join(', ');
  }

  countries(values: readonly { country: string; role: (typeof COUNTRY_ROLES)[number] }[]): string {
    const names = new Intl.DisplayNames([this.language], { type: 'region' });
    return values.map(({ country, role }) => `${names.of(country) ?? country} (${this.labels.countryRole[role]})`).join(', ');
  }

  dateTime(iso: string): string {
    const format = new Intl.DateTimeFormat(this.language, {
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
}

/** The preferred language if set, else the first directory language with templates, else English. */
export function chooseLanguage(preferred: TemplateLanguage | undefined, reads: readonly string[]): TemplateLanguage {
  return preferred ?? reads.find(isTemplateLanguage) ?? 'en';
}
