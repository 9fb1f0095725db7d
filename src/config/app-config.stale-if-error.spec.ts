import { ConfigError, parseConfig } from './app-config.js';

describe('stale-if-error config (issue 11)', () => {
  it('bounds last good answers by default', () => {
    expect(parseConfig({}).staleIfError).toEqual({
      maxAgeMs: 4 * 3_600_000,
      accessMaxAgeMs: 4 * 3_600_000,
      maxEntryBytes: 262_144,
      maxEntriesPerUser: 500,
      sweepIntervalMs: 3_600_000,
    });
  });

  it('takes each setting, 0 turning a fallback or the sweep off', () => {
    const config = parseConfig({
      STALE_IF_ERROR_MAX_AGE_MS: '0',
      STALE_IF_ERROR_ACCESS_MAX_AGE_MS: '60000',
      STALE_IF_ERROR_MAX_ENTRY_BYTES: '4096',
      STALE_IF_ERROR_MAX_ENTRIES_PER_USER: '20',
      STALE_IF_ERROR_SWEEP_INTERVAL_MS: '0',
    });
    expect(config.staleIfError).toEqual({ maxAgeMs: 0, accessMaxAgeMs: 60_000, maxEntryBytes: 4_096, maxEntriesPerUser: 20, sweepIntervalMs: 0 });
  });

  it('refuses entries an Azure Table entity cannot hold, and nonsense', () => {
    expect(() => parseConfig({ STALE_IF_ERROR_MAX_ENTRY_BYTES: '1000000' })).toThrow(ConfigError);
    expect(() => parseConfig({ STALE_IF_ERROR_MAX_AGE_MS: '-1' })).toThrow(ConfigError);
    expect(() => parseConfig({ STALE_IF_ERROR_MAX_ENTRIES_PER_USER: '0' })).toThrow(ConfigError);
  });
});
