// The facade alone in its own process (so its peak RSS can be read from /proc/<pid>/status).
// argv[2]: JSON { env, legacy }. Prints one JSON line { base, token } once listening.
import { createApp } from '../../dist/app.setup.js';
import { DevTokenIssuer } from '../../dist/auth/dev-issuer/dev-token-issuer.service.js';
import { parseConfig, resolveConfig } from '../../dist/config/app-config.js';

const { env, legacy } = JSON.parse(process.argv[2]);
const config = resolveConfig(parseConfig(env), legacy, null);
const app = await createApp(config, { strangler: { routesFile: null } });
await app.listen(0, '127.0.0.1');
const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
const { accessToken } = await app.get(DevTokenIssuer, { strict: false }).issue({ username: 'alice.admin' });
process.stdout.write(`${JSON.stringify({ base, token: accessToken })}\n`);
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0), () => process.exit(1));
});
