import type { StateStore } from '../storage/state/state-store.port.js';
import { AuditChainVerifier } from './audit-chain-verifier.js';

export const AUDIT_CLI_USAGE = `usage: npm run audit -- verify [--json]

  verify   walk every audit chain in the configured state store (STATE_STORE, DATA_DIR / AZURE_STORAGE_*);
           exit 0 when every chain is whole, 1 when a record was edited, deleted or reordered, 2 on misuse
  --json   print the report as JSON
`;

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/** `npm run audit -- <command>`: answers the exit code. */
export async function runAuditCommand(argv: readonly string[], store: StateStore, output: CommandOutput): Promise<number> {
  const [command, ...rest] = argv;
  const unknown = rest.filter((arg) => arg !== '--json');
  if (command !== 'verify' || unknown.length > 0) {
    output.err(AUDIT_CLI_USAGE);
    return 2;
  }
  const report = await new AuditChainVerifier(store).verifyAll();
  if (rest.includes('--json')) {
    output.out(JSON.stringify(report, null, 2));
  } else {
    for (const problem of report.problems) output.out(`${problem.kind.toUpperCase()}  ${problem.chain}  ${problem.key}  ${problem.detail}`);
    output.out(`${report.chains} chains, ${report.records} records: ${report.problems.length === 0 ? 'every chain is whole' : `${report.problems.length} problems`}`);
  }
  return report.problems.length === 0 ? 0 : 1;
}
