// Runs the built stand-in in its own process for the benchmark and prints its endpoints as one JSON line.
import { startStandIn } from '../../dist/stand-in/stand-in.js';

const standIn = await startStandIn({ dataDir: process.argv[2], rateLimitPerSecond: 0 });
const { close: _close, ...endpoints } = standIn;
process.stdout.write(`${JSON.stringify(endpoints)}\n`);
process.once('SIGTERM', () => void standIn.close().then(() => process.exit(0)));
