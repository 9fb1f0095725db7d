import type { RouteTable } from '../route-table.js';
import type { RecordingCipher } from './recording-cipher.js';
import { isRecordable, UNRECORDABLE_ROUTES, type RecordingSanitiser } from './recording-sanitiser.js';
import type { RecordingSettings } from './recording-settings.js';
import type { RecordingStore } from './recording.store.js';

/** What one stored sample holds once decrypted: the sanitised args and legacy answer, nothing else. */
export interface RecordedCall {
  readonly route: string;
  readonly args: unknown;
  readonly answer: unknown;
  /** When it was recorded (ISO-8601). */
  readonly at: string;
}

export interface RecorderOptions {
  /** How long this instance trusts its copy of the settings before reading the store again. */
  readonly settingsTtlMs: number;
  readonly now: () => Date;
  readonly random: () => number;
}

export interface RecorderTallies {
  recorded: number;
  dropped: number;
  failed: number;
}

/**
 * Records successful primary legacy calls of routes with recording on. `listen` is the strangler's
 * LegacyAnswerListener: it only schedules work (setImmediate), so recording never adds latency to the
 * answer, and every failure is counted and swallowed, so it never fails a request.
 */
export class Recorder {
  readonly tallies: RecorderTallies = { recorded: 0, dropped: 0, failed: 0 };
  private settingsCache: { readonly at: number; readonly settings: Map<string, RecordingSettings> } | null = null;
  private loading: Promise<Map<string, RecordingSettings>> | null = null;
  private inFlight = 0;
  private readonly idle: (() => void)[] = [];

  constructor(
    private readonly store: RecordingStore,
    private readonly table: RouteTable,
    private readonly sanitiser: RecordingSanitiser,
    private readonly cipher: RecordingCipher,
    private readonly options: RecorderOptions,
  ) {}

  readonly listen = (route: string, args: unknown, answer: unknown): void => {
    if (UNRECORDABLE_ROUTES.has(route)) return;
    // The common case (recording off for this route, settings fresh) costs a map lookup and nothing more.
    const cached = this.settingsCache;
    if (cached !== null && !cached.settings.has(route) && this.options.now().getTime() - cached.at < this.options.settingsTtlMs) return;
    this.inFlight += 1;
    setImmediate(() => {
      this.record(route, args, answer)
        .catch(() => {
          this.tallies.failed += 1;
        })
        .finally(() => this.done());
    });
  };

  /** Forget the cached settings (after a change on this instance). */
  invalidate(): void {
    this.settingsCache = null;
  }

  /** Resolves when no recording work is in flight (graceful shutdown, tests). */
  drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Decrypts a route's samples, newest first (replay); a sample that does not decrypt is skipped. */
  async recorded(route: string, limit: number): Promise<RecordedCall[]> {
    const calls: RecordedCall[] = [];
    for (const sample of await this.store.samples(route)) {
      if (calls.length >= limit) break;
      try {
        calls.push({ ...(JSON.parse(this.cipher.decrypt(sample.sealed, route)) as Omit<RecordedCall, 'at'>), at: sample.at });
      } catch {
        this.tallies.failed += 1;
      }
    }
    return calls;
  }

  private async record(route: string, args: unknown, answer: unknown): Promise<void> {
    const settings = (await this.currentSettings()).get(route);
    if (settings === undefined) return;
    if (settings.sampleRate < 1 && !(this.options.random() < settings.sampleRate)) return;
    const registered = this.table.get(route);
    if (registered === undefined || !isRecordable(args) || !isRecordable(answer)) {
      this.tallies.dropped += 1;
      return;
    }
    const call: Omit<RecordedCall, 'at'> = { route, args: this.sanitiser.args(route, args), answer: this.sanitiser.answer(answer, registered.rules) };
    const sealed = this.cipher.encrypt(JSON.stringify(call), route);
    if (await this.store.append(route, settings.maxSamples, { at: this.options.now().toISOString(), sealed })) this.tallies.recorded += 1;
    else this.tallies.dropped += 1;
  }

  private async currentSettings(): Promise<Map<string, RecordingSettings>> {
    const now = this.options.now().getTime();
    const cached = this.settingsCache;
    if (cached !== null && now - cached.at < this.options.settingsTtlMs) return cached.settings;
    this.loading ??= this.store.allSettings().finally(() => {
      this.loading = null;
    });
    const settings = await this.loading;
    this.settingsCache = { at: now, settings };
    return settings;
  }

  private done(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}
