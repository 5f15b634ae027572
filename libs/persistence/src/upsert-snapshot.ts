import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from './schema-options';

/**
 * Stores a full-state snapshot from another service's event unless a newer revision is already held.
 * One atomic upsert guarded by the revision: an older or repeated snapshot matches nothing, tries to
 * insert the existing `_id` and is refused by the primary key, which is the answer "stale".
 */
export async function upsertSnapshot<T extends mongo.Document & { revision: number }>(
  collection: mongo.Collection<mongo.Document>,
  id: string,
  snapshot: T,
): Promise<'applied' | 'stale'> {
  try {
    await collection.updateOne({ _id: id as never, revision: { $lt: snapshot.revision } }, { $set: snapshot }, { upsert: true });
    return 'applied';
  } catch (error) {
    if (isDuplicateKeyError(error)) return 'stale';
    throw error;
  }
}
