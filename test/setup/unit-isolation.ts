/**
 * The unit tier's promise, enforced: a colocated spec opens no socket, listens on no port and starts no child
 * process. Such a spec belongs in test/ (the medium tier). Core modules are shared by every test file in a Jest
 * worker, so the originals come back after each file.
 */
import { afterAll } from '@jest/globals';
import childProcess from 'node:child_process';
import net from 'node:net';

function refuse(what: string): never {
  throw new Error(`unit tests (src/**/*.spec.ts) may not ${what}: move the spec to test/ (the medium tier)`);
}

const patched: Array<[object, string, unknown]> = [];

function replace(owner: object, property: string, what: string): void {
  patched.push([owner, property, Reflect.get(owner, property)]);
  Reflect.set(owner, property, () => refuse(what));
}

replace(net.Socket.prototype, 'connect', 'open a network connection');
replace(net.Server.prototype, 'listen', 'listen on a port');
replace(childProcess.ChildProcess.prototype, 'spawn', 'start a child process');
for (const name of ['spawnSync', 'execSync', 'execFileSync'] as const) replace(childProcess, name, 'start a child process');

afterAll(() => {
  for (const [owner, property, original] of patched) Reflect.set(owner, property, original);
});
