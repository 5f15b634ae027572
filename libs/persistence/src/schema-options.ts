import type { SchemaOptions } from 'mongoose';

/**
 * Defaults for every aggregate: timestamps, and optimistic concurrency on `save()` so two replicas
 * updating the same document cannot overwrite each other silently (a stale save raises VersionError).
 * Updates through `updateOne` guard on `version` explicitly.
 */
export const aggregateSchemaOptions: SchemaOptions = {
  timestamps: true,
  optimisticConcurrency: true,
  versionKey: 'version',
  minimize: false,
};

/** Mongo's duplicate-key error: a unique index refused the write. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
