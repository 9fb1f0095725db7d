import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/domain-error.js';
import { FileStoreClient } from './file-store.client.js';

describe('file store paths', () => {
  it('resolves paths relative to the base URL, or rooted at its own path', () => {
    const store = new FileStoreClient('http://127.0.0.1:9/files/', 1000);
    expect(store.urlOf('00000001/00000002/00000003')).toBe('http://127.0.0.1:9/files/00000001/00000002/00000003');
    expect(store.urlOf('/files/00000001/00000002/00000003')).toBe('http://127.0.0.1:9/files/00000001/00000002/00000003');
    expect(new FileStoreClient('http://127.0.0.1:9', 1000).urlOf('/files/1/2/3')).toBe('http://127.0.0.1:9/files/1/2/3');
  });

  it.each(['../etc/passwd', '1/%2E%2E/2', 'http://evil.example/x', '1//2', '', '1/a%2Fb'])('refuses %s', (path) => {
    const store = new FileStoreClient('http://127.0.0.1:9/files', 1000);
    expect(() => store.urlOf(path)).toThrow(DomainError);
  });
});
