import { Injectable } from '@nestjs/common';

export interface DependencyReadiness {
  readonly up: boolean;
  readonly detail?: string;
}

/** Answers the readiness of one or more parts of a dependency, e.g. `{ soap: {up: true}, graphql: {...} }`. */
export type ReadinessCheck = () => Promise<Record<string, DependencyReadiness>>;

export interface ReadinessOptions {
  /**
   * Whether the facade cannot work without the dependency (default true): a critical dependency
   * down makes /health/ready 503; any other down makes it 200 `degraded` (the legacy CMS: reads are
   * served from what the facade keeps, writes are refused with Retry-After).
   */
  readonly critical?: boolean;
}

export type BreakerStateName = 'closed' | 'half-open' | 'open';

export interface BreakerReadiness {
  readonly state: BreakerStateName;
  /** While open: seconds until a probe call is let through. */
  readonly retryAfterSeconds?: number;
}

/** Circuit breakers to report, by name (e.g. `legacy.soap`); one not closed makes readiness `degraded`. */
export type BreakerSource = () => Record<string, BreakerReadiness>;

/**
 * Where adapters register what /health/ready reports. An adapter injects it (HealthModule is global)
 * and calls `register('blobStore', () => store.readiness())` from its constructor or onModuleInit.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly optional = new Set<string>();
  private readonly breakerSources = new Map<string, BreakerSource>();

  register(dependency: string, check: ReadinessCheck, options: ReadinessOptions = {}): void {
    this.checks.set(dependency, check);
    if (options.critical === false) this.optional.add(dependency);
    else this.optional.delete(dependency);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }

  isCritical(dependency: string): boolean {
    return !this.optional.has(dependency);
  }

  /** Reports breakers under `<owner>.<name>`. */
  registerBreakers(owner: string, source: BreakerSource): void {
    this.breakerSources.set(owner, source);
  }

  breakers(): Record<string, BreakerReadiness> {
    const all: Record<string, BreakerReadiness> = {};
    for (const [owner, source] of this.breakerSources) for (const [name, breaker] of Object.entries(source())) all[`${owner}.${name}`] = breaker;
    return all;
  }
}
