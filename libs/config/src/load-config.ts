import { z } from 'zod';

/** Thrown at boot when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: { setting: string; reason: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.setting}: ${p.reason}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once, at boot, into a typed object.
 * Every problem is reported with the name of the setting, all at once.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    setting: issue.path.join('.') || '(root)',
    reason: issue.code === 'invalid_type' && issue.input === undefined ? 'is required but not set' : issue.message,
  }));
  throw new ConfigError(problems);
}
