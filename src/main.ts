import path from 'node:path';
import { createApp } from './app.setup.js';
import { DevTokenIssuer } from './auth/dev-issuer/dev-token-issuer.service.js';
import { API_V1 } from './common/api-paths.js';
import { ConfigError, loadConfig, resolveConfig, type AppConfig, type ResolvedConfig } from './config/app-config.js';

// The dev bootstrap talks to a person on the plain console, not through the JSON logs.

interface RunningStandIn {
  readonly users: readonly { username: string; displayName: string; access: string; visibleUrns: readonly string[]; hiddenUrns: readonly string[]; generated: boolean }[];
  close(): Promise<void>;
}

function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error('casework-facade: invalid configuration');
      for (const issue of error.issues) console.error(`  - ${issue}`);
      process.exit(1);
    }
    throw error;
  }
}

async function resolve(config: AppConfig): Promise<{ resolved: ResolvedConfig; standIn: RunningStandIn | null }> {
  if (config.legacyMode === 'remote') {
    if (config.legacy === null) throw new Error('remote legacy mode without legacy endpoints');
    return { resolved: resolveConfig(config, config.legacy, null), standIn: null };
  }
  // The facade never imports the stand-in; only this bootstrap loads it, and only in embedded mode.
  const { startStandIn } = await import('./stand-in/stand-in.js');
  const standIn = await startStandIn({ dataDir: path.join(config.dataDir, 'stand-in') });
  const resolved = resolveConfig(
    config,
    { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
    { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
  );
  return { resolved, standIn };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const { resolved, standIn } = await resolve(config);
  const app = await createApp(resolved);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: closing`);
    // app.close() runs the Nest shutdown hooks (what enableShutdownHooks would trigger); then the stand-in goes.
    app
      .close()
      .then(() => standIn?.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('shutdown failed', error);
        process.exit(1);
      });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  await app.listen(resolved.port, resolved.host);
  const baseUrl = (await app.getUrl()).replace('[::1]', 'localhost');
  const issuer = resolved.auth.mode === 'dev' ? app.get(DevTokenIssuer, { strict: false }) : undefined;
  await printWelcome(issuer, resolved, standIn, baseUrl);
}

async function printWelcome(issuer: DevTokenIssuer | undefined, config: ResolvedConfig, standIn: RunningStandIn | null, baseUrl: string): Promise<void> {
  console.log(`\ncasework-facade listening on ${baseUrl}  (env ${config.env}, role ${config.role}, legacy ${config.legacyMode}, auth ${config.auth.mode})`);
  if (config.webApp.dir !== null && standIn === null) console.log(`  web app: ${baseUrl}/`);
  console.log(`  health: ${baseUrl}/health/ready`);
  console.log(`  strangler: npm run routes -- list   (report: ${baseUrl}/${API_V1}/migration/page with a bearer token; metrics: ${baseUrl}/metrics with a Facade.Admin token, or METRICS_PORT)`);
  if (config.standIn !== null) {
    console.log(`  legacy CMS stand-in: ${config.standIn.wsdlUrl} | ${config.standIn.graphqlUrl}`);
    console.log(`  stand-in admin API (documents, faults; docs/legacy-cms.md): ${config.standIn.adminUrl}  X-Admin-Key: ${config.standIn.adminKey}  (both from GET /dev/stand-in)`);
  }
  if (standIn === null || issuer === undefined) return;

  console.log('\nDev tokens (valid 8 hours, also after a restart: the key is kept under DATA_DIR; more from POST /dev/token, users from GET /dev/users):');
  let sample: { token: string; urn: string } | undefined;
  for (const user of standIn.users.filter((each) => !each.generated)) {
    const { accessToken } = await issuer.issue({ username: user.username });
    console.log(`\n  ${user.username} (${user.displayName}, ${user.access})`);
    console.log(`    can see:    ${user.visibleUrns.slice(0, 5).join(', ') || '-'}`);
    console.log(`    cannot see: ${user.hiddenUrns.slice(0, 5).join(', ') || '-'}`);
    console.log(`    token: ${accessToken}`);
    if ((sample === undefined || user.username === 'alice') && user.visibleUrns[0] !== undefined) sample = { token: accessToken, urn: user.visibleUrns[0] };
  }
  const generated = standIn.users.filter((each) => each.generated);
  if (generated.length > 0) {
    console.log(`\n  ${generated[0].username}…${generated.at(-1)!.username}: ${generated.length} generated caseworkers (${generated[0].access}); tokens from POST /dev/token`);
  }
  if (sample !== undefined) {
    console.log('\nTry:');
    console.log(`  curl -s -H "Authorization: Bearer ${sample.token}" "${baseUrl}/${API_V1}/cases?urn=${sample.urn}"`);
  }
  if (config.webApp.dir !== null) console.log(`\nThe casework web app: ${baseUrl}/  (sign in as one of the stand-in users above)`);
  console.log('');
}

main().catch((error: unknown) => {
  console.error('casework-facade failed to start', error);
  process.exit(1);
});
