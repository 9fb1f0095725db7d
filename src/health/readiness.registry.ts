import { Injectable } from '@nestjs/common';

export interface DependencyReadiness {
  readonly up: boolean;
  readonly detail?: string;
}

/** Answers the readiness of one or more parts of a dependency, e.g. `{ soap: {up: true}, graphql: {...} }`. */
export type ReadinessCheck = () => Promise<Record<string, DependencyReadiness>>;

/**
 * Where adapters register what /health/ready reports. An adapter injects it (HealthModule is global)
 * and calls `register('blobStore', () => store.readiness())` from its constructor or onModuleInit.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(dependency: string, check: ReadinessCheck): void {
    this.checks.set(dependency, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }
}
