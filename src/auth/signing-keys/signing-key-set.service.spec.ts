import { DomainError } from '../../common/domain-error.js';
import type { SigningKeySetConfig } from '../../config/app-config.js';
import { InMemoryStateStore } from '../../storage/state/in-memory-state-store.adapter.js';
import type { SigningJwk } from './signing-key-provider.port.js';
import { SigningKeySetService } from './signing-key-set.service.js';
import { SigningKeySetStore } from './signing-key-set.store.js';

const CONFIG: SigningKeySetConfig = { refreshAheadMs: 5 * 60_000, staleAfterMs: 15 * 60_000, maxStaleMs: 24 * 3_600_000, refetchIntervalMs: 30_000, timeoutMs: 5_000 };
const URL = 'https://login.example.test/tenant/discovery/v2.0/keys';
const jwk = (kid: string): SigningJwk => ({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid, alg: 'ES256', use: 'sig' });

/** An identity provider's key endpoint that the test switches off, changes, or holds in flight. */
class FakeIdp {
  fetches = 0;
  up = true;
  keys: SigningJwk[] = [jwk('k1')];
  private held: (() => void) | null = null;
  holdNext = false;

  readonly fetcher = async (): Promise<SigningJwk[]> => {
    this.fetches += 1;
    if (this.holdNext) {
      this.holdNext = false;
      await new Promise<void>((resolve) => (this.held = resolve));
    }
    if (!this.up) throw new Error('the JWKS endpoint could not be reached');
    return this.keys;
  };

  release(): void {
    this.held?.();
    this.held = null;
  }
}

async function failureOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('SigningKeySetService', () => {
  let nowMs: number;
  const now = (): number => nowMs;
  let state: InMemoryStateStore;
  let idp: FakeIdp;
  const instance = (): SigningKeySetService => new SigningKeySetService(idp.fetcher, new SigningKeySetStore(state, URL), CONFIG, now);

  beforeEach(() => {
    nowMs = Date.UTC(2026, 11, 4, 9, 0, 0);
    state = new InMemoryStateStore();
    idp = new FakeIdp();
  });

  it('fetches once at start, keeps the set in the state store, and reports it fresh with its age', async () => {
    const keys = instance();
    await keys.start();
    await keys.idle();
    expect(idp.fetches).toBe(1);
    nowMs += 42_000;
    await expect(keys.keySetFor('k1')).resolves.toMatchObject({ keys: [{ kid: 'k1' }] });
    expect(keys.status()).toEqual({ source: 'fresh', ageMs: 42_000, keyCount: 1, lastFetchFailure: null });
    expect(idp.fetches).toBe(1);
    // A second instance (a restart, or scale-out) starts from the stored set without asking the IdP.
    const other = instance();
    await other.start();
    await other.idle();
    expect(other.status()).toMatchObject({ source: 'fresh', ageMs: 42_000 });
    expect(idp.fetches).toBe(1);
  });

  it('refreshes ahead in the background, once however many tokens arrive, answering from the held set meanwhile', async () => {
    const keys = instance();
    await keys.keySetFor('k1');
    await keys.idle();
    nowMs += CONFIG.refreshAheadMs;
    idp.keys = [jwk('k1'), jwk('k2')];
    idp.holdNext = true;
    const during = await Promise.all(Array.from({ length: 20 }, () => keys.keySetFor('k1')));
    expect(during.every((set) => set.keys.length === 1)).toBe(true);
    // The state store answers in microtasks; one macrotask later the background fetch has started.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(Array.from({ length: 20 }, () => keys.keySetFor('k1')));
    expect(idp.fetches).toBe(2);
    idp.release();
    await keys.idle();
    expect((await keys.keySetFor('k2')).keys.map((key) => key.kid)).toEqual(['k1', 'k2']);
    expect(keys.status()).toMatchObject({ source: 'fresh', ageMs: 0 });
    expect(idp.fetches).toBe(2);
  });

  it('serves the last good set while the IdP is down (stale after the stale age), up to the maximum stale age, then answers 503', async () => {
    const keys = instance();
    await keys.keySetFor('k1');
    idp.up = false;
    for (let minute = 1; minute <= 60; minute += 1) {
      nowMs += 60_000;
      await expect(keys.keySetFor('k1')).resolves.toMatchObject({ keys: [{ kid: 'k1' }] });
      await keys.idle();
    }
    expect(keys.status()).toEqual({ source: 'stale', ageMs: 60 * 60_000, keyCount: 1, lastFetchFailure: 'the JWKS endpoint could not be reached' });
    // Refresh attempts while down: at most one per refetch interval (here one a minute, from minute 5 on).
    expect(idp.fetches).toBe(1 + 56);

    nowMs += CONFIG.maxStaleMs;
    const failure = await failureOf(keys.keySetFor('k1'));
    expect(failure.code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
    expect(failure.details['retryAfterSeconds']).toBe(30);
    expect(keys.status().source).toBe('none');
  });

  it('answers 503 with Retry-After when it holds no keys and the IdP is down, asking the IdP at most once per interval', async () => {
    idp.up = false;
    const keys = instance();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const failure = await failureOf(keys.keySetFor('k1'));
      expect(failure.code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
      expect(failure.details['retryAfterSeconds']).toBe(30);
    }
    expect(idp.fetches).toBe(1);
    expect(keys.status()).toEqual({ source: 'none', ageMs: null, keyCount: 0, lastFetchFailure: 'the JWKS endpoint could not be reached' });

    nowMs += 20_000;
    expect((await failureOf(keys.keySetFor('k1'))).details['retryAfterSeconds']).toBe(10);
    idp.up = true;
    nowMs += 10_000;
    await expect(keys.keySetFor('k1')).resolves.toMatchObject({ keys: [{ kid: 'k1' }] });
    expect(idp.fetches).toBe(2);
    expect(keys.status().lastFetchFailure).toBeNull();
  });

  it('refetches for an unknown kid at most once per interval, across instances sharing the state store', async () => {
    const first = instance();
    const second = instance();
    await first.keySetFor('k1');
    await second.keySetFor('k1');
    expect(idp.fetches).toBe(1);

    nowMs += 60_000;
    // Unknown kid: one refetch; the set still lacks it, so the verifier refuses the token (401).
    expect((await first.keySetFor('forged')).keys.map((key) => key.kid)).toEqual(['k1']);
    expect(idp.fetches).toBe(2);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await first.keySetFor(`forged-${attempt}`);
      await second.keySetFor(`forged-${attempt}`);
    }
    expect(idp.fetches).toBe(2);

    // A real new key: the next instance whose gate opens fetches it, and the other adopts it from the store.
    idp.keys = [jwk('k1'), jwk('k2')];
    nowMs += CONFIG.refetchIntervalMs;
    expect((await second.keySetFor('k2')).keys.map((key) => key.kid)).toEqual(['k1', 'k2']);
    expect(idp.fetches).toBe(3);
    nowMs += CONFIG.refetchIntervalMs;
    expect((await first.keySetFor('k2')).keys.map((key) => key.kid)).toEqual(['k1', 'k2']);
    expect(idp.fetches).toBe(3);
  });

  it('a cold instance that finds the gate held by another picks up that instance’s set from the store, without fetching', async () => {
    idp.holdNext = true;
    const warm = instance();
    const fetching = warm.keySetFor('k1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(idp.fetches).toBe(1);
    const cold = instance();
    expect((await failureOf(cold.keySetFor('k1'))).code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
    idp.release();
    await fetching;
    nowMs += 1_000;
    await expect(cold.keySetFor('k1')).resolves.toMatchObject({ keys: [{ kid: 'k1' }] });
    expect(idp.fetches).toBe(1);
  });

  it('answers 503 for an unknown kid while the IdP is down, but keeps verifying known kids', async () => {
    const keys = instance();
    await keys.keySetFor('k1');
    idp.up = false;
    nowMs += 60_000;
    expect((await failureOf(keys.keySetFor('k2'))).code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
    await expect(keys.keySetFor('k1')).resolves.toMatchObject({ keys: [{ kid: 'k1' }] });
  });

  it('keeps working on its own when the state store fails', async () => {
    const keys = new SigningKeySetService(idp.fetcher, new SigningKeySetStore(new BrokenStateStore(), URL), CONFIG, now);
    await expect(keys.keySetFor('k1')).resolves.toMatchObject({ keys: [{ kid: 'k1' }] });
    idp.up = false;
    nowMs += CONFIG.staleAfterMs + 1;
    await expect(keys.keySetFor('k1')).resolves.toMatchObject({ keys: [{ kid: 'k1' }] });
    expect(keys.status().source).toBe('stale');
  });
});

class BrokenStateStore extends InMemoryStateStore {
  override get(): Promise<never> {
    return Promise.reject(new Error('state store down'));
  }
}
