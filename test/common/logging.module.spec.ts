import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { genCorrelationId, registerRequestContextHooks } from '../../src/common/correlation-id.js';
import { DomainError } from '../../src/common/domain-error.js';
import { ProblemDetailsFilter } from '../../src/common/problem-details.filter.js';
import { LoggingModule, registerRequestLogHooks, ROOT_LOGGER } from '../../src/common/logging/logging.module.js';
import { eventually } from '../helpers/eventually.js';

@Controller('probe')
class ProbeController {
  @Get()
  probe(): { ok: true } {
    return { ok: true };
  }

  @Get('broken')
  broken(): never {
    throw new DomainError('LEGACY_UNAVAILABLE', 'legacy down');
  }
}

describe('LoggingModule', () => {
  const lines: string[] = [];
  /** How many lines had been written each time the logger flushed its destination. */
  const flushedAt: number[] = [];
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    const destination = {
      write: (line: string) => void lines.push(line),
      flush: (done?: () => void) => {
        flushedAt.push(lines.length);
        done?.();
      },
    };
    @Module({ imports: [LoggingModule.forRoot({ logLevel: 'info' }, destination)], controllers: [ProbeController] })
    class ProbeModule {}
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter({ genReqId: genCorrelationId, requestIdHeader: false }), { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(Logger));
    registerRequestContextHooks(app.getHttpAdapter().getInstance());
    registerRequestLogHooks(app.getHttpAdapter().getInstance(), app.get(ROOT_LOGGER));
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
  });

  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  /** The request line is written after the response has gone (onResponse): wait for it, not for a time. */
  const requestLineOf = async (correlationId: string): Promise<Record<string, unknown>> => {
    const find = () => entries().find((line) => line['correlationId'] === correlationId && line['res'] !== undefined);
    await eventually(() => find() !== undefined, `the request line of ${correlationId}`);
    return find()!;
  };

  it('logs method, path, status and duration under the correlation id, and nothing personal', async () => {
    const response = await fetch(`${base}/probe?surname=Doe`, { headers: { 'x-correlation-id': 'log-1', authorization: 'Bearer secret-token', cookie: 'CMSSESSION=abc' } });
    expect(response.status).toBe(200);
    const entry = await requestLineOf('log-1');
    expect(entry).toMatchObject({ level: 30, req: { method: 'GET', path: '/probe' }, res: { statusCode: 200 } });
    expect(typeof entry['durationMs']).toBe('number');
    const all = lines.join('\n');
    expect(all).not.toContain('Doe');
    expect(all).not.toContain('secret-token');
    expect(all).not.toContain('CMSSESSION');
  });

  it('puts the correlation id on lines logged while serving the request, and logs the request line of a 5xx at error', async () => {
    const response = await fetch(`${base}/probe/broken`, { headers: { 'x-correlation-id': 'log-2' } });
    expect(response.status).toBe(503);
    expect(await requestLineOf('log-2')).toMatchObject({ level: 50, res: { statusCode: 503 } });
    const problem = entries().find((line) => line['level'] === 50 && line['code'] === 'LEGACY_UNAVAILABLE');
    expect(problem).toMatchObject({ correlationId: 'log-2' });
  });

  it('flushes the destination straight after the request line of a 5xx, and not after a 2xx or 4xx', async () => {
    flushedAt.length = 0;
    await fetch(`${base}/probe`, { headers: { 'x-correlation-id': 'log-ok' } });
    await fetch(`${base}/nowhere`, { headers: { 'x-correlation-id': 'log-missing' } });
    await requestLineOf('log-ok');
    await requestLineOf('log-missing');
    expect(flushedAt).toEqual([]);
    expect((await fetch(`${base}/probe/broken`, { headers: { 'x-correlation-id': 'log-flush' } })).status).toBe(503);
    await requestLineOf('log-flush');
    const requestLine = lines.findIndex((line) => line.includes('"log-flush"') && line.includes('"statusCode":503'));
    expect(requestLine).toBeGreaterThanOrEqual(0);
    expect(flushedAt).toEqual([requestLine + 1]);
  });

  it('logs a 4xx at warn and nothing request-bound outside a request', async () => {
    const response = await fetch(`${base}/nowhere`, { headers: { 'x-correlation-id': 'log-3' } });
    expect(response.status).toBe(404);
    expect(await requestLineOf('log-3')).toMatchObject({ level: 40, req: { method: 'GET', path: '/nowhere' } });
    app.get(Logger).log('outside any request');
    expect(entries().find((line) => line['msg'] === 'outside any request')).not.toHaveProperty('correlationId');
  });
});
