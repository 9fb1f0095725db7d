import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { DependencyReadiness, ReadinessRegistry } from '../../health/readiness.registry.js';
import type { SigningKeyStatus } from './signing-key-provider.port.js';
import type { SigningKeySetService } from './signing-key-set.service.js';

/**
 * Puts the identity provider's key set on /health/ready as `identityProvider.signingKeys`: up while a usable set
 * is held (fresh or stale, with its age), down only when none is. Loads the persisted set at start-up; each
 * probe also refreshes the set ahead if it is due, so an idle instance keeps it fresh.
 */
export class SigningKeysReadinessRegistrar implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly keys: SigningKeySetService,
    registry: ReadinessRegistry | null,
  ) {
    registry?.register('identityProvider', () => {
      keys.refreshIfDue();
      return Promise.resolve({ signingKeys: signingKeysReadiness(keys.status()) });
    });
  }

  async onModuleInit(): Promise<void> {
    await this.keys.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.keys.idle();
  }
}

export function signingKeysReadiness(status: SigningKeyStatus): DependencyReadiness {
  const failure = status.lastFetchFailure === null ? '' : `; last fetch failed: ${status.lastFetchFailure}`;
  if (status.source === 'none' || status.ageMs === null) return { up: false, detail: `source: none; no usable signing keys${failure}` };
  return { up: true, detail: `source: ${status.source}; age: ${Math.floor(status.ageMs / 1000)} s; keys: ${status.keyCount}${failure}` };
}
