import type { PublicProjectDocument } from './public-project.schema';

export interface Tally {
  projects: number;
  /** Minor units of the fund's currency. */
  amount: number;
}

export interface PublicStatistics {
  currency: string;
  total: Tally;
  byCountry: ({ country: string } & Tally)[];
  byActivityType: ({ activityType: string } & Tally)[];
  byYear: ({ year: number } & Tally)[];
}

type Counted = Pick<PublicProjectDocument, 'countries' | 'activityTypes' | 'year' | 'amount'>;

/**
 * Supported projects counted by country, activity type and year of approval. A project counts once under
 * each of its countries and activity types with its whole amount (amounts are not split), so those
 * groups can add up to more than the total. Only amounts in the fund's currency are summed.
 */
export function publicStatistics(projects: readonly Counted[], currency: string): PublicStatistics {
  const total: Tally = { projects: 0, amount: 0 };
  const byCountry = new Map<string, Tally>();
  const byActivity = new Map<string, Tally>();
  const byYear = new Map<number, Tally>();
  const add = <K>(groups: Map<K, Tally>, key: K, amount: number) => {
    const tally = groups.get(key) ?? { projects: 0, amount: 0 };
    tally.projects += 1;
    tally.amount += amount;
    groups.set(key, tally);
  };
  for (const project of projects) {
    const amount = project.amount.currency === currency ? project.amount.amount : 0;
    total.projects += 1;
    total.amount += amount;
    for (const country of new Set(project.countries)) add(byCountry, country, amount);
    for (const activity of new Set(project.activityTypes)) add(byActivity, activity, amount);
    add(byYear, project.year, amount);
  }
  const sorted = <K extends string | number>(groups: Map<K, Tally>) => [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    currency,
    total,
    byCountry: sorted(byCountry).map(([country, tally]) => ({ country, ...tally })),
    byActivityType: sorted(byActivity).map(([activityType, tally]) => ({ activityType, ...tally })),
    byYear: sorted(byYear).map(([year, tally]) => ({ year, ...tally })),
  };
}
