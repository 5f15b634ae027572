import { MAX_RECIPIENTS_PER_NOTICE, recipientBatches } from './recipients';

describe(recipientBatches.name, () => {
  it('splits an audience above the contracts’ limit into notices of at most 5,000, keeping everyone once', () => {
    const ids = Array.from({ length: 12_001 }, (_, i) => `p-${i}`);
    const batches = recipientBatches(ids);
    expect(batches.map((b) => b.length)).toEqual([MAX_RECIPIENTS_PER_NOTICE, MAX_RECIPIENTS_PER_NOTICE, 2_001]);
    expect(batches.flat()).toEqual(ids);
  });

  it('sends no notice to nobody', () => expect(recipientBatches([])).toEqual([]));
});
