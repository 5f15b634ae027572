/** The contracts' limit of recipients per notice: a larger audience is sent as several notices. */
export const MAX_RECIPIENTS_PER_NOTICE = 5000;

export function recipientBatches(personIds: string[], size = MAX_RECIPIENTS_PER_NOTICE): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < personIds.length; i += size) batches.push(personIds.slice(i, i + size));
  return batches;
}
