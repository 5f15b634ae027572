import { UnprocessableError, type FieldProblem } from '@ctip/errors';
import type { FundDirectory } from '../directory-view/fund-directory';
import type { ProposalContentInput } from './proposal.dto';
import type { ProposalContent } from './proposal.schema';

/** The content as stored: the budget in the fund's currency when none was given. */
export function normaliseContent(input: ProposalContentInput, fundCurrency: string): ProposalContent {
  const { budget, ...rest } = input;
  return { ...rest, budget: { ...budget, currency: budget.currency ?? fundCurrency } };
}

/**
 * What the schema cannot check: the submitting organisation and every implementing partner are active
 * organisations of the directory, and the budget is in the fund's currency. 422 naming each field.
 */
export async function checkReferences(
  content: ProposalContent,
  organisationId: string,
  directory: FundDirectory,
  fundCurrency: string,
): Promise<void> {
  const known = await directory.organisations([organisationId, ...content.implementingPartnerIds]);
  const errors: FieldProblem[] = [];
  if (!known.has(organisationId))
    errors.push({ field: 'organisationId', reason: `organisation ${organisationId} is not an active organisation of the directory` });
  content.implementingPartnerIds.forEach((partnerId, i) => {
    if (!known.has(partnerId))
      errors.push({
        field: `implementingPartnerIds.${i}`,
        reason: `organisation ${partnerId} is not an active organisation of the directory`,
      });
  });
  if (content.budget.currency !== fundCurrency)
    errors.push({ field: 'budget.currency', reason: `the Fund works in ${fundCurrency}; give the budget in ${fundCurrency}` });
  if (errors.length > 0) throw new UnprocessableError('the proposal names something the Fund does not know', errors);
}
