import { publicStatistics } from './public-statistics';

const project = (countries: string[], activityTypes: string[], year: number, amount: number, currency = 'EUR') =>
  ({ countries, activityTypes, year, amount: { amount, currency } }) as Parameters<typeof publicStatistics>[0][number];

describe(publicStatistics.name, () => {
  const stats = publicStatistics(
    [
      project(['AL'], ['research', 'publication'], 2002, 3_000_000),
      project(['KZ', 'TM'], ['research'], 2002, 5_000_000),
      project(['AL', 'XK'], ['hotline'], 2001, 1_000_000),
      project(['MD'], ['training'], 2003, 700_000, 'USD'),
    ],
    'EUR',
  );

  it('totals the projects and the amounts in the fund’s currency', () => {
    expect(stats.total).toEqual({ projects: 4, amount: 9_000_000 });
    expect(stats.currency).toBe('EUR');
  });

  it('counts a project under each of its countries with its whole amount, in country order', () => {
    expect(stats.byCountry).toEqual([
      { country: 'AL', projects: 2, amount: 4_000_000 },
      { country: 'KZ', projects: 1, amount: 5_000_000 },
      { country: 'MD', projects: 1, amount: 0 },
      { country: 'TM', projects: 1, amount: 5_000_000 },
      { country: 'XK', projects: 1, amount: 1_000_000 },
    ]);
  });

  it('counts by activity type and by year of approval', () => {
    expect(stats.byActivityType).toEqual([
      { activityType: 'hotline', projects: 1, amount: 1_000_000 },
      { activityType: 'publication', projects: 1, amount: 3_000_000 },
      { activityType: 'research', projects: 2, amount: 8_000_000 },
      { activityType: 'training', projects: 1, amount: 0 },
    ]);
    expect(stats.byYear).toEqual([
      { year: 2001, projects: 1, amount: 1_000_000 },
      { year: 2002, projects: 2, amount: 8_000_000 },
      { year: 2003, projects: 1, amount: 0 },
    ]);
  });

  it('answers zeros for no projects', () => {
    expect(publicStatistics([], 'EUR')).toEqual({
      currency: 'EUR',
      total: { projects: 0, amount: 0 },
      byCountry: [],
      byActivityType: [],
      byYear: [],
    });
  });
});
