import { createPiiDetector } from './pii-detector.factory.js';

describe('createPiiDetector', () => {
  it('gives the offline detector for PII_DETECTOR=local', async () => {
    expect((await createPiiDetector({ kind: 'local', nlpNames: true })).name).toBe('local');
  });

  it('gives the Azure AI Language detector (credential built, nothing called) for PII_DETECTOR=azure-language', async () => {
    const detector = await createPiiDetector({ kind: 'azure-language', endpoint: 'https://language.example.test', managedIdentityClientId: '0b0c1f5e-3c1e-4a8e-9a77-5e8b3f2d9c41' });
    expect(detector.name).toBe('azure-language');
  });
});
