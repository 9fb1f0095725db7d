import { createServer } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG } from '../../src/config/config.tokens.js';
import { LegacyCmsAdapter } from '../../src/legacy/legacy-cms.adapter.js';
import { LEGACY_CMS, type LegacyCms } from '../../src/legacy/legacy-cms.port.js';
import { LegacyModule } from '../../src/legacy/legacy.module.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('LegacyModule', () => {
  it('provides the port without the legacy CMS being up, and reports it down', async () => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    @Global()
    @Module({
      providers: [
        {
          provide: APP_CONFIG,
          useValue: {
            legacy: { soapUrl: `${base}/cms/classic`, graphqlUrl: `${base}/cms/graphql`, filesUrl: base, serviceUsername: 'svc', servicePassword: 'pw' },
            // A ceiling: the refused connection must be what ends each call, never a deadline on a loaded machine.
            legacyTimeoutMs: 60_000,
          },
        },
      ],
      exports: [APP_CONFIG],
    })
    class ConfigStubModule {}

    const moduleRef = await Test.createTestingModule({ imports: [ConfigStubModule, LegacyModule] }).compile();
    const legacy = moduleRef.get<LegacyCms>(LEGACY_CMS);
    expect(legacy).toBeInstanceOf(LegacyCmsAdapter);
    const readiness = await legacy.readiness();
    expect(readiness).toEqual({
      legacyClassic: { up: false, detail: 'LEGACY_UNAVAILABLE' },
      legacyModern: { up: false, detail: 'LEGACY_UNAVAILABLE' },
      legacyFileStore: { up: false, detail: 'LEGACY_UNAVAILABLE' },
    });
    await expect(legacy.getCaseSummary({ username: 'alice.admin', correlationId: 'c' }, '1')).rejects.toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
    await moduleRef.close();
  });
});
