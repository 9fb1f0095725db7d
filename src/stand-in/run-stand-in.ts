import { resolve } from 'node:path';
import { startStandIn, type RunningStandIn } from './stand-in.js';

/** Developer entry: starts the legacy CMS stand-in alone and prints where it listens. Usage: node dist/stand-in/run-stand-in.js [dataDir] [port] */
/** One line for the numbered caseworkers generated for canary tests. */
function generatedSummary(users: RunningStandIn['users']): string[] {
  const generated = users.filter((user) => user.generated);
  if (generated.length === 0) return [];
  return [`  users     ${generated[0].username}…${generated.at(-1)!.username} (${generated.length} generated caseworkers, ${generated[0].access})`];
}

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
    ...standIn.users.filter((user) => !user.generated).map((user) => `  user      ${user.username.padEnd(12)} ${user.access}`),
    ...generatedSummary(standIn.users),
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
