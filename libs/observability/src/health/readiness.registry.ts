import { Injectable } from '@nestjs/common';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; throws (or is aborted) when it does not. */
  check: (signal: AbortSignal) => Promise<unknown>;
}

/**
 * Infrastructure modules (database, Kafka, Redis) register how to check themselves, so the health
 * endpoint knows every dependency of the app without knowing any of them.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  all(): ReadinessCheck[] {
    return [...this.checks.values()];
  }
}
