import { RecusalPolicy } from './recusal-policy';

const proposal = { organisationId: 'osce-md', implementingPartnerIds: ['la-strada-md', 'iom-md'] };

describe(RecusalPolicy.name, () => {
  const policy = new RecusalPolicy();

  it('recuses a reviewer of the submitting organisation at assignment', () => {
    expect(policy.atAssignment('osce-md', proposal)).toEqual({ reason: 'submitting-organisation', organisationId: 'osce-md' });
  });

  it('recuses a reviewer of an implementing partner at assignment', () => {
    expect(policy.atAssignment('iom-md', proposal)).toEqual({ reason: 'implementing-partner', organisationId: 'iom-md' });
  });

  it('lets a reviewer of an unrelated organisation score', () => {
    expect(policy.atAssignment('odihr', proposal)).toBeUndefined();
  });

  it('recuses a reviewer who declares a conflict, and no one else', () => {
    expect(policy.onDeclaration(true)).toEqual({ reason: 'declared-conflict' });
    expect(policy.onDeclaration(false)).toBeUndefined();
  });
});
