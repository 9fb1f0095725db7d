import { resolve } from 'node:path';
import { startStandIn } from './stand-in.js';

/** Developer entry: starts the legacy CMS stand-in alone and prints where it listens. Usage: node dist/stand-in/run-stand-in.js [dataDir] [port] */
async function main(): Promise<void> {
  const [dataDir = './data/stand-in', port = '0'] = process.argv.slice(2);
  const standIn = await startStandIn({ dataDir: resolve(dataDir), port: Number(port) });
  const lines = [
    `legacy CMS stand-in listening on ${standIn.baseUrl}`,
    `  WSDL      ${standIn.wsdlUrl}`,
    `  SOAP      ${standIn.soapUrl}`,
    `  GraphQL   ${standIn.graphqlUrl}`,
    `  files     ${standIn.filesUrl}/files/{caseId}/{documentId}/{versionId}`,
    `  admin     ${standIn.adminUrl}  (X-Admin-Key: ${standIn.adminKey})`,
    `  service   ${standIn.serviceUsername} / ${standIn.servicePassword}`,
    ...standIn.users.map((user) => `  user      ${user.username.padEnd(12)} ${user.access}`),
    '  user passwords: GET /admin/users',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    standIn.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`stand-in failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
