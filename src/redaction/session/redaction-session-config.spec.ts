import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../config/app-config.js';

describe('redaction session config', () => {
  it('defaults to a 20-minute heartbeat TTL swept every minute, and validates the settings', () => {
    expect(parseConfig({}).redactionSessions).toEqual({ ttlMs: 1_200_000, sweepMs: 60_000, crashAt: null });
    expect(parseConfig({ REDACTION_SESSION_TTL_MS: '600000', REDACTION_SESSION_SWEEP_MS: '250' }).redactionSessions).toMatchObject({ ttlMs: 600_000, sweepMs: 250 });
    expect(() => parseConfig({ REDACTION_SESSION_TTL_MS: '10' })).toThrow(/REDACTION_SESSION_TTL_MS/);
    expect(() => parseConfig({ REDACTION_SESSION_SWEEP_MS: 'often' })).toThrow(/REDACTION_SESSION_SWEEP_MS/);
  });

  it('takes the crash hook only in tests', () => {
    expect(() => parseConfig({ REDACTION_SESSION_CRASH_AT: 'ending-recorded' })).toThrow(/REDACTION_SESSION_CRASH_AT/);
    expect(parseConfig({ APP_ENV: 'test', REDACTION_SESSION_CRASH_AT: 'ending-recorded' }).redactionSessions.crashAt).toBe('ending-recorded');
  });
});
