/**
 * The entry point of every sandbox child process (see sandbox-pool.ts). It receives one job over IPC,
 * imports the worker module, calls its default export with the input and sends back the output or
 * the error's name, message and `reason`. Never the stack: it may quote document content.
 */
interface WorkerJob {
  readonly moduleUrl: string;
  readonly input: unknown;
}

type WorkerModule = { default: (input: unknown) => unknown };

export type WorkerReply =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly name: string; readonly message: string; readonly reason?: string };

function describe(error: unknown): WorkerReply {
  if (error instanceof Error) {
    const reason = (error as { reason?: unknown }).reason;
    return { ok: false, name: error.name, message: error.message.slice(0, 2000), ...(typeof reason === 'string' ? { reason } : {}) };
  }
  return { ok: false, name: 'Error', message: String(error).slice(0, 2000) };
}

function reply(message: WorkerReply): void {
  if (!process.send) process.exit(70);
  process.send(message, undefined, {}, () => {
    process.disconnect();
    process.exit(0);
  });
}

process.once('message', (job: WorkerJob) => {
  void (async () => {
    try {
      const workerModule = (await import(job.moduleUrl)) as WorkerModule;
      if (typeof workerModule.default !== 'function') throw new Error('worker module has no default export function');
      reply({ ok: true, output: await workerModule.default(job.input) });
    } catch (error) {
      reply(describe(error));
    }
  })();
});
