import { DomainError } from '../../common/domain-error.js';
import type { RouteTable } from '../route-table.js';
import type { Recorder } from './recorder.service.js';
import { UNRECORDABLE_ROUTES } from './recording-sanitiser.js';
import { DEFAULT_RECORDING_SAMPLES, MAX_RECORDING_SAMPLES, type RecordingSettings } from './recording-settings.js';
import type { RecordingStore } from './recording.store.js';

/** Where recording changes go besides the store (only `record` is used). */
export interface RecordingAudit {
  record(event: { action: string; actor: string; target: string; before?: unknown; after?: unknown; reason?: string }): Promise<unknown>;
}

export interface RecordingView {
  readonly route: string;
  readonly enabled: boolean;
  readonly maxSamples: number | null;
  readonly sampleRate: number | null;
  readonly samples: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  readonly reason: string | null;
}

/** Turns recording on and off per route (validated against the route table, audited). */
export class RecordingAdmin {
  constructor(
    private readonly table: RouteTable,
    private readonly store: RecordingStore,
    private readonly recorder: Recorder,
    private readonly now: () => Date,
    private readonly audit?: RecordingAudit,
  ) {}

  async view(route: string): Promise<RecordingView> {
    this.routeOf(route);
    const settings = await this.store.settings(route);
    const samples = settings === null ? 0 : (await this.store.samples(route)).length;
    return {
      route,
      enabled: settings !== null,
      maxSamples: settings?.maxSamples ?? null,
      sampleRate: settings?.sampleRate ?? null,
      samples,
      updatedAt: settings?.updatedAt ?? null,
      updatedBy: settings?.updatedBy ?? null,
      reason: settings?.reason ?? null,
    };
  }

  async start(route: string, change: { maxSamples?: number; sampleRate?: number; reason: string }, actor: string): Promise<RecordingView> {
    this.routeOf(route);
    if (UNRECORDABLE_ROUTES.has(route)) throw new DomainError('VALIDATION_FAILED', `The route ${route} streams its content and is never recorded.`);
    const maxSamples = change.maxSamples ?? DEFAULT_RECORDING_SAMPLES;
    const sampleRate = change.sampleRate ?? 1;
    if (!Number.isInteger(maxSamples) || maxSamples < 1 || maxSamples > MAX_RECORDING_SAMPLES) throw new DomainError('VALIDATION_FAILED', `maxSamples must be an integer from 1 to ${MAX_RECORDING_SAMPLES}.`, { field: 'maxSamples' });
    if (!(sampleRate >= 0 && sampleRate <= 1)) throw new DomainError('VALIDATION_FAILED', 'sampleRate must be from 0 to 1.', { field: 'sampleRate' });
    const before = await this.store.settings(route);
    const settings: RecordingSettings = { route, maxSamples, sampleRate, updatedAt: this.now().toISOString(), updatedBy: actor, reason: change.reason };
    await this.store.putSettings(settings);
    this.recorder.invalidate();
    await this.audit?.record({ action: 'route.recording.start', actor, target: route, before, after: settings, reason: change.reason });
    return this.view(route);
  }

  /** Turns recording off and deletes the samples. */
  async stop(route: string, actor: string, reason: string | undefined): Promise<RecordingView> {
    this.routeOf(route);
    if (reason !== undefined && (reason.trim().length < 3 || reason.length > 500)) throw new DomainError('VALIDATION_FAILED', 'reason must be 3 to 500 characters.', { field: 'reason' });
    const before = await this.store.settings(route);
    await this.store.remove(route);
    this.recorder.invalidate();
    await this.audit?.record({ action: 'route.recording.stop', actor, target: route, before, after: null, reason: reason ?? 'recording turned off' });
    return this.view(route);
  }

  private routeOf(route: string): void {
    if (this.table.get(route) === undefined) throw new DomainError('ROUTE_NOT_FOUND', `There is no strangler route named ${JSON.stringify(route.slice(0, 100))}.`);
  }
}
