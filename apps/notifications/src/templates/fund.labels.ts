import type { FUND_REMINDERS } from '@ctip/contracts';
import type { NotificationLinks } from './notification-kind';
import type { RecipientLocale, TemplateLanguage } from './recipient-locale';

const RU_POINTS: Partial<Record<Intl.LDMLPluralRule, string>> = { one: 'замечание', few: 'замечания', many: 'замечаний' };

type Report = 'interim-narrative' | 'interim-financial' | 'final-narrative' | 'final-financial';

/** Display words of the Anti-Trafficking Project Fund's notices, per language. */
export interface FundLabels {
  decision: Record<'approved' | 'deferred' | 'declined', string>;
  lane: Record<'quarterly' | 'urgent', string>;
  reminder: Record<(typeof FUND_REMINDERS)[number], string>;
  report: Record<Report, string>;
  points: (count: number) => string;
}

export const FUND_LABELS: Record<TemplateLanguage, FundLabels> = {
  en: {
    decision: { approved: 'approved', deferred: 'deferred', declined: 'declined' },
    lane: { quarterly: 'quarterly decision', urgent: 'urgent fast-track' },
    reminder: { 'revision-pending': 'Revision pending', 'report-due': 'Report due', 'report-overdue': 'Report overdue' },
    report: {
      'interim-narrative': 'interim narrative report',
      'interim-financial': 'interim financial report',
      'final-narrative': 'final narrative report',
      'final-financial': 'final financial report',
    },
    points: (count) => (count === 1 ? '1 point' : `${count} points`),
  },
  ru: {
    decision: { approved: 'одобрено', deferred: 'отложено', declined: 'отклонено' },
    lane: { quarterly: 'квартальное решение', urgent: 'срочная процедура' },
    reminder: { 'revision-pending': 'Ожидается доработка', 'report-due': 'Срок отчёта', 'report-overdue': 'Отчёт просрочен' },
    report: {
      'interim-narrative': 'промежуточный описательный отчёт',
      'interim-financial': 'промежуточный финансовый отчёт',
      'final-narrative': 'итоговый описательный отчёт',
      'final-financial': 'итоговый финансовый отчёт',
    },
    points: (count) => `${count} ${RU_POINTS[new Intl.PluralRules('ru').select(count)] ?? 'замечания'}`,
  },
};

/** Minor units as the reader writes money, e.g. `€12,500.00` or `12 500,00 €`. */
export function moneyLabel(locale: RecipientLocale<FundLabels>, money: { amount: number; currency: string }): string {
  return new Intl.NumberFormat(locale.language, { style: 'currency', currency: money.currency }).format(money.amount / 100);
}

export function countryNames(locale: RecipientLocale<FundLabels>, countries: readonly string[]): string {
  return countries.map((code) => locale.region(code)).join(', ');
}

/** `${APP_BASE_URL}/fund/proposals/<proposalRef>`: the proposal opens in the console, behind sign-in. */
export function fundLinks(appBaseUrl: string, proposalRef: string): NotificationLinks {
  return { link: `${appBaseUrl}/fund/proposals/${encodeURIComponent(proposalRef)}` };
}
