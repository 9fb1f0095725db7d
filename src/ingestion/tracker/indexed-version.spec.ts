import { indexedVersionOf } from './tracker.model.js';

describe('indexedVersionOf', () => {
  it('is the version itself once indexed, else the one indexed before it', () => {
    expect(indexedVersionOf({ status: 'indexed', versionId: '2', indexedVersionId: '1' })).toBe('2');
    expect(indexedVersionOf({ status: 'converted', versionId: '2', indexedVersionId: '1' })).toBe('1');
    expect(indexedVersionOf({ status: 'failed', versionId: '2', indexedVersionId: null })).toBeNull();
  });
});
