// `npm run audit -- verify`: checks every audit chain of the configured state store (built by nest build).
import { loadConfig } from '../config/app-config.js';
import { createStateStore } from '../storage/state/create-state-store.js';
import { runAuditCommand } from './audit-verify.command.js';

const store = createStateStore(loadConfig().storage.stateStore);
try {
  process.exitCode = await runAuditCommand(process.argv.slice(2), store, { out: (line) => console.log(line), err: (line) => console.error(line) });
} catch (error) {
  console.error(`audit: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await store.close();
}
