import type { ProjectDocument } from './project.schema';

const FINAL_REPORTS = ['final-narrative', 'final-financial'] as const;

/**
 * What a project still lacks before it can be closed: both final reports accepted or waived, the final
 * evaluation recorded, no change request pending. Empty when it can close.
 */
export function missingForClosure(project: Pick<ProjectDocument, 'reports' | 'evaluation' | 'changeRequests'>): string[] {
  const missing: string[] = [];
  for (const kind of FINAL_REPORTS) {
    const reports = project.reports.filter((r) => r.kind === kind);
    if (reports.length === 0) missing.push(`${kind} report (not scheduled)`);
    for (const report of reports)
      if (report.state !== 'accepted' && report.state !== 'waived') missing.push(`${report.reportId} report (${report.state})`);
  }
  if (!project.evaluation) missing.push('final evaluation');
  for (const request of project.changeRequests)
    if (request.state === 'requested' || request.state === 'prepared') missing.push(`decision on ${request.changeId} (${request.state})`);
  return missing;
}
