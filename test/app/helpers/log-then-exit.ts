/**
 * For the buffered-log test: logs argv[2] lines through the app's root logger (stdout, buffered),
 * then ends as argv[3] says: `exit` (process.exit, as main.ts does on SIGINT/SIGTERM) or `throw` (an uncaught exception).
 */
import { createRootLogger } from '../../../src/common/logging/logging.module.js';

const count = Number(process.argv[2]);
const ending = process.argv[3];
const logger = createRootLogger({ logLevel: 'info' });
for (let line = 0; line < count; line += 1) logger.info({ line }, 'buffered line');
if (ending === 'throw') throw new Error('ended by an uncaught exception');
process.exit(0);
