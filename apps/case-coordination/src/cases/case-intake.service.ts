import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { TOPICS, type CaseReported } from '@ctip/contracts';
import { UnprocessableError } from '@ctip/errors';
import { scopedIdempotencyKey } from '@ctip/http';
import { Outbox } from '@ctip/outbox';
import { isDuplicateKeyError } from '@ctip/persistence';
import { alertRaised, openAlert } from '../alerts/alert-events';
import { ackDeadlines, CASE_CONFIG, type CaseCoordinationConfig } from '../config';
import { DirectoryViewRepository } from '../directory-view/directory-view.repository';
import { FieldCipher } from '../privacy/field-cipher';
import { planAlerts, type AckDeadlines, type DirectorySnapshot } from '../routing/alert-routing';
import type { ReportCaseRequest } from './case.dto';
import { caseIdFor } from './case-id';
import { CaseRepository } from './case.repository';
import type { CaseDocument, TimelineEntry } from './case.schema';
import { isKnownCountry } from './known-countries';

export interface Reporter {
  subject: string;
  organisationId: string;
}

type Report = Omit<ReportCaseRequest, 'identity' | 'notes'> & Partial<Pick<ReportCaseRequest, 'identity' | 'notes'>>;

/**
 * Opens a case from a report (API or `case.reported.v1`) and raises its alerts, in one write:
 * the case, its encrypted identifying details, its first timeline entries and the events
 * (`case.opened`, one `case.alert.raised` per recipient group) go to the database together.
 */
@Injectable()
export class CaseIntakeService {
  private readonly deadlines: AckDeadlines;

  constructor(
    private readonly cases: CaseRepository,
    private readonly directory: DirectoryViewRepository,
    private readonly outbox: Outbox,
    private readonly cipher: FieldCipher,
    @Inject(CASE_CONFIG) config: CaseCoordinationConfig,
  ) {
    this.deadlines = ackDeadlines(config);
  }

  /** Returns the case and whether this call opened it (false: the same report was already received). */
  async report(report: Report, reporter: Reporter, intakeKey: string): Promise<{ case: CaseDocument; opened: boolean }> {
    const caseId = caseIdFor(intakeKey);
    const existing = await this.cases.findById(caseId);
    if (existing) return { case: existing, opened: false };
    const directory = await this.directory.snapshot();
    await this.checkReferences(report, reporter, directory);

    const now = new Date();
    const caseRef = await this.cases.nextCaseRef(now);
    const plans = planAlerts(
      {
        urgency: report.urgency,
        countries: report.countries,
        servicesNeeded: report.servicesNeeded,
        consentToShareWithPartners: report.consent.shareWithPartners,
      },
      directory,
      now,
    );
    const alerts = plans.map((plan) => openAlert(plan, report.urgency, this.deadlines, now));
    const facts = {
      _id: caseId,
      caseRef,
      urgency: report.urgency,
      countries: report.countries,
      servicesNeeded: report.servicesNeeded,
      riskFlags: report.riskFlags,
    };
    const timeline: TimelineEntry[] = [
      {
        id: randomUUID(),
        at: now,
        type: 'case.reported',
        actor: reporter.subject,
        details: { urgency: report.urgency, reportingOrganisationId: reporter.organisationId },
      },
      ...alerts.map((a) => ({
        id: randomUUID(),
        at: now,
        type: 'alert.raised',
        details: {
          alertId: a.alertId,
          kind: a.kind,
          organisationId: a.organisationId,
          rung: 0,
          personIds: a.rungs[0].personIds,
          reason: a.reason,
          acknowledgeBy: a.acknowledgeBy,
        },
      })),
    ];
    if (alerts.length === 0)
      timeline.push({
        id: randomUUID(),
        at: now,
        type: 'alert.unrouted',
        details: { why: 'no presence, coordination unit or partner to alert' },
      });
    const document: Omit<CaseDocument, 'version' | 'createdAt' | 'updatedAt'> = {
      ...facts,
      intakeKey,
      consent: { shareWithPartners: report.consent.shareWithPartners, recordedBy: reporter.subject, recordedAt: now },
      reportingOrganisationId: reporter.organisationId,
      reportedBy: reporter.subject,
      identity: this.cipher.encryptAll(report.identity ?? {}),
      ...(report.notes ? { notes: this.cipher.encrypt('notes', report.notes) } : {}),
      alerts,
      referrals: [],
      timeline,
      outbox: [
        this.outbox.entry(TOPICS.caseOpened, {
          ...facts,
          caseId,
          reportingOrganisationId: reporter.organisationId,
          openedAt: now.toISOString(),
        }),
        ...alerts.map((alert) => this.outbox.entry(TOPICS.caseAlertRaised, alertRaised(facts, alert))),
      ],
    };
    let stored: CaseDocument;
    try {
      stored = await this.cases.insert(document);
    } catch (error) {
      // The same report arrived twice at once: the case id (derived from the intake key) let one through.
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.cases.findById(caseId);
      if (!winner) throw error;
      return { case: winner, opened: false };
    }
    return { case: stored, opened: true };
  }

  /**
   * From the API: the caller reports for their organisation (or as a person without one); retrying with
   * the same Idempotency-Key opens one case, and keys are scoped by the caller.
   */
  reportFromApi(report: ReportCaseRequest, principal: Principal, idempotencyKey: string | undefined) {
    const reporter = { subject: principal.subject, organisationId: principal.organisationId ?? `person:${principal.subject}` };
    return this.report(report, reporter, scopedIdempotencyKey(principal.subject, idempotencyKey));
  }

  /** From an integrating system: no identity, no notes (they never travel in events). */
  reportFromEvent(event: CaseReported): Promise<{ case: CaseDocument; opened: boolean }> {
    const { reportId, reportingOrganisationId, consentToShare, ...facts } = event;
    return this.report(
      { ...facts, consent: { shareWithPartners: consentToShare } },
      { subject: `integration:${reportingOrganisationId}`, organisationId: reportingOrganisationId },
      `${reportingOrganisationId}/${reportId}`,
    );
  }

  /** Countries and the reporting organisation must be known; an active organisation is found in the routing snapshot already read. */
  private async checkReferences(report: Report, reporter: Reporter, directory: DirectorySnapshot): Promise<void> {
    const errors = report.countries
      .map((c, i) => (isKnownCountry(c.country) ? undefined : { field: `countries.${i}.country`, reason: `unknown country ${c.country}` }))
      .filter((e) => e !== undefined);
    if (report.identity?.nationality && !isKnownCountry(report.identity.nationality)) {
      errors.push({ field: 'identity.nationality', reason: 'unknown country' });
    }
    const known = async (id: string) =>
      directory.organisations.some((o) => o.organisationId === id) || (await this.directory.findOrganisation(id)) !== null;
    if (!reporter.organisationId.startsWith('person:') && !(await known(reporter.organisationId))) {
      errors.push({ field: 'reportingOrganisationId', reason: `organisation ${reporter.organisationId} is not in the directory` });
    }
    if (errors.length > 0) throw new UnprocessableError('the report names something unknown', errors);
  }
}
