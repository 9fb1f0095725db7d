import { afterAll, afterEach, beforeAll } from '@jest/globals';
import nock from 'nock';

/**
 * For a describe block whose only network is nock's: no real connection, interceptors cleared after each test, and
 * node:http given back at the end (nock patches it for the whole jest worker, later test files included).
 */
export function useOfflineNock(): void {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}
