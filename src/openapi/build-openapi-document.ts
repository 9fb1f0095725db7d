import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module.js';
import { parseConfig, resolveConfig, type ResolvedConfig } from '../config/app-config.js';
import { createOpenApiDocument } from './openapi-document.js';
import { withStableOrder } from './stable-order.js';

/** Nothing listens on port 9 (discard): the app is only built, never asked to reach the legacy CMS. */
const PLACEHOLDER = 'http://127.0.0.1:9';

/** A config that points the legacy CMS at placeholders, so no stand-in is started and nothing is called. */
export function placeholderConfig(dataDir: string): ResolvedConfig {
  const config = parseConfig({
    APP_ENV: 'development',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    LEGACY_SOAP_URL: `${PLACEHOLDER}/cms/classic`,
    LEGACY_GRAPHQL_URL: `${PLACEHOLDER}/cms/graphql`,
    LEGACY_FILES_URL: `${PLACEHOLDER}/files`,
    LEGACY_SERVICE_USERNAME: 'openapi-build',
    LEGACY_SERVICE_PASSWORD: randomBytes(18).toString('base64url'),
  });
  if (config.legacy === null) throw new Error('placeholder config lost its legacy endpoints');
  return resolveConfig(config, config.legacy, null);
}

/** Builds the facade's OpenAPI document from the code, without listening or calling anything. */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'casework-openapi-'));
  try {
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(placeholderConfig(dataDir)), new FastifyAdapter({ logger: false }), {
      logger: false,
      abortOnError: false,
    });
    try {
      return withStableOrder(createOpenApiDocument(app));
    } finally {
      await app.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
