import type { COUNTRY_ROLES, SERVICES, URGENCIES } from '@ctip/contracts';
import type { NotificationLinks } from './notification-kind';
import type { RecipientLocale, TemplateLanguage } from './recipient-locale';

/** Display words of the case notices (alerts, referrals), per language. */
export interface CaseLabels {
  urgency: Record<(typeof URGENCIES)[number], string>;
  service: Record<(typeof SERVICES)[number], string>;
  countryRole: Record<(typeof COUNTRY_ROLES)[number], string>;
  none: string;
}

export const CASE_LABELS: Record<TemplateLanguage, CaseLabels> = {
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

export function servicesLabel(locale: RecipientLocale<CaseLabels>, values: readonly (typeof SERVICES)[number][]): string {
  return values.length === 0 ? locale.labels.none : values.map((s) => locale.labels.service[s]).join(', ');
}

export function countriesLabel(
  locale: RecipientLocale<CaseLabels>,
  values: readonly { country: string; role: (typeof COUNTRY_ROLES)[number] }[],
): string {
  return values.map(({ country, role }) => `${locale.region(country)} (${locale.labels.countryRole[role]})`).join(', ');
}

/** `${APP_BASE_URL}/cases/<caseRef>`: people open the case through the authenticated console. */
export function caseLinks(appBaseUrl: string, caseRef: string): NotificationLinks {
  return { link: `${appBaseUrl}/cases/${encodeURIComponent(caseRef)}` };
}
