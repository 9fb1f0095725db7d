import { Controller, Get, Logger as NestLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppLogger, createRootLogger, LoggingModule, type LoggingConfig } from '../../src/common/logging/logging.module.js';

@Controller('probe')
class ProbeController {
  @Get()
  probe(): { ok: true } {
    return { ok: true };
  }
}

/** A destination that keeps what is written. */
function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (text: string) => void lines.push(...text.split('\n').filter((line) => line.length > 0)) } };
}

/** Starts (without listening) a Nest app logging through AppLogger, as createApp does; its log lines. */
async function startUpLines(config: LoggingConfig): Promise<Record<string, unknown>[]> {
  const { lines, destination } = capture();
  @Module({ imports: [LoggingModule.forRoot(config, destination)], controllers: [ProbeController] })
  class ProbeModule {}
  const app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(AppLogger));
  await app.init();
  new NestLogger('CasesService').log('an ordinary line');
  await app.close();
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('AppLogger (the Nest logger of the app)', () => {
  // One app per file: nestjs-pino keeps its root logger for the process.
  it("logs Nest's start-up chatter (modules, controllers, routes) at debug, and other lines at their own level", async () => {
    const lines = await startUpLines({ logLevel: 'debug' });
    const startUp = lines.filter((line) => ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'].includes(line['context'] as string));
    expect(startUp).toContainEqual(expect.objectContaining({ context: 'RouterExplorer', msg: expect.stringContaining('Mapped {/probe, GET} route') }));
    expect(startUp).toContainEqual(expect.objectContaining({ context: 'RoutesResolver' }));
    expect(startUp).toContainEqual(expect.objectContaining({ context: 'InstanceLoader' }));
    expect(startUp.filter((line) => line['level'] !== 20)).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 30, context: 'CasesService', msg: 'an ordinary line' }));
  });
});

describe('createRootLogger formats', () => {
  it('writes one human-readable line per entry in the pretty format (development on a terminal)', () => {
    const { lines, destination } = capture();
    const logger = createRootLogger({ logLevel: 'info', logFormat: 'pretty' }, destination);
    logger.info({ correlationId: 'trace-1', context: 'CasesService' }, 'case read');
    expect(lines).toHaveLength(1);
    expect(() => JSON.parse(lines[0] ?? '') as unknown).toThrow();
    expect(lines[0]).toMatch(/INFO.*\[CasesService\] case read.*trace-1/);
  });

  it('writes JSON lines otherwise', () => {
    const { lines, destination } = capture();
    createRootLogger({ logLevel: 'info', logFormat: 'json' }, destination).info({ correlationId: 'trace-2' }, 'case read');
    createRootLogger({ logLevel: 'info' }, destination).info('default format');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ level: 30, correlationId: 'trace-2', msg: 'case read' }),
      expect.objectContaining({ level: 30, msg: 'default format' }),
    ]);
  });
});
