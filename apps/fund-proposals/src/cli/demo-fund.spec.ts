import { FUND_ACTIVITY_TYPES } from '@ctip/contracts';
import { demoOpenProposals, demoSupportedProjects } from './demo-fund';

describe(demoSupportedProjects.name, () => {
  const projects = demoSupportedProjects();

  it('has over 30 supported projects in 13 OSCE countries, approved between mid-2001 and mid-2003', () => {
    expect(projects.length).toBeGreaterThan(30);
    expect(new Set(projects.flatMap((p) => p.countries)).size).toBe(13);
    for (const p of projects) {
      expect(p.approvedOn >= '2001-07-01' && p.approvedOn <= '2003-06-30').toBe(true);
      expect(p.year).toBe(Number(p.approvedOn.slice(0, 4)));
      expect(p.periodStart < p.periodEnd).toBe(true);
    }
    expect(projects.filter((p) => p.countries.length > 1).length).toBeGreaterThanOrEqual(3); // regional activities
  });

  it('marks every record as demo data, with unique ids and references', () => {
    for (const p of projects) {
      expect(p.demo).toBe(true);
      expect(p.title).toMatch(/^\[DEMO\] /);
      for (const partner of p.implementingPartners) expect(partner.name).toMatch(/^\[DEMO\] \S/);
    }
    expect(new Set(projects.map((p) => p._id)).size).toBe(projects.length);
    expect(new Set(projects.map((p) => p.reference)).size).toBe(projects.length);
  });

  it('uses the Fund’s activity types and the outline’s own examples', () => {
    for (const p of projects) for (const a of p.activityTypes) expect(FUND_ACTIVITY_TYPES).toContain(a);
    const titles = projects.map((p) => p.title).join('\n');
    expect(titles).toMatch(/National Referral Mechanisms/);
    expect(titles).toMatch(/Roma and Egyptian communities/);
    expect(titles).toMatch(/Central Asia/);
  });
});

describe(demoOpenProposals.name, () => {
  it('has open proposals from field presences of the demo directory, submitted by their fund contacts', () => {
    const proposals = demoOpenProposals();
    expect(proposals.length).toBeGreaterThanOrEqual(2);
    for (const p of proposals) {
      expect(p._id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(p.organisationId).toMatch(/^osce-presence-/);
      expect(p.createdBy).toMatch(/^fund-contact-/);
      expect(p.content.budget.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(p.content.budget.amountRequested);
    }
  });
});
