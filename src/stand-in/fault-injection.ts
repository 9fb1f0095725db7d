import { z } from 'zod';

export type FaultTarget = 'soap' | 'graphql' | 'files';
export const FAULT_TARGETS: readonly FaultTarget[] = ['soap', 'graphql', 'files'];

export const faultRequestSchema = z
  .object({
    target: z.enum(['soap', 'graphql', 'files', 'all']),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    /** Share of requests (0..1) answered with a 9999 fault / HTTP 500. */
    errorRate: z.number().min(0).max(1).optional(),
    /** Never answer. */
    hang: z.boolean().optional(),
    /** SOAP: the socket is destroyed; GraphQL and files: HTTP 503. */
    outage: z.boolean().optional(),
    /** SOAP: a truncated, invalid response body. */
    malformedXml: z.boolean().optional(),
    /** SOAP: a response carrying a DOCTYPE with an entity. */
    doctypeXml: z.boolean().optional(),
    /** GraphQL: documentDate fails on every document (partial data with errors[]). */
    partialGraphqlErrors: z.boolean().optional(),
  })
  .strict();

export type FaultSettings = Omit<z.infer<typeof faultRequestSchema>, 'target'>;

/** Faults switched on and off at run time through the admin API. */
export class FaultInjector {
  private readonly active = new Map<FaultTarget, FaultSettings>();

  set(request: z.infer<typeof faultRequestSchema>): void {
    const { target, ...settings } = request;
    for (const each of target === 'all' ? FAULT_TARGETS : [target]) this.active.set(each, settings);
  }

  clear(): void {
    this.active.clear();
  }

  for(target: FaultTarget): FaultSettings {
    return this.active.get(target) ?? {};
  }

  snapshot(): Record<string, FaultSettings> {
    return Object.fromEntries(this.active);
  }

  /** Waits the injected latency; answers what the endpoint must do before doing its work. */
  async before(target: FaultTarget): Promise<'hang' | 'outage' | 'error' | 'proceed'> {
    const settings = this.for(target);
    if (settings.latencyMs) await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));
    if (settings.hang) return 'hang';
    if (settings.outage) return 'outage';
    if (settings.errorRate && Math.random() < settings.errorRate) return 'error';
    return 'proceed';
  }
}
