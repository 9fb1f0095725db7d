import { describe, expect, it, jest } from '@jest/globals';
import { DomainError } from '../../common/domain-error.js';
import { InMemoryStateStore } from '../../storage/state/in-memory-state-store.adapter.js';
import { InMemoryRouteStateStore } from '../in-memory-route-state.store.js';
import { defineRoute, type RouteDefinition } from '../route-definition.js';
import { RouteTable } from '../route-table.js';
import { StranglerMetrics } from '../strangler-metrics.js';
import { stranglerOptions } from '../strangler.options.js';
import { StranglerService } from '../strangler.service.js';
import { Recorder } from '../recording/recorder.service.js';
import { RecordingAdmin } from '../recording/recording-admin.service.js';
import { deriveRecordingKeys, RecordingCipher } from '../recording/recording-cipher.js';
import { RecordingSanitiser } from '../recording/recording-sanitiser.js';
import { RECORDING_SAMPLES_TABLE, RecordingStore } from '../recording/recording.store.js';
import { ReplayService } from './replay.service.js';

interface Caller {
  username: string;
  correlationId: string;
}
type Args = [Caller, string];
interface Summary {
  caseId: string;
  title: string;
  court: string | null;
  isCustody: boolean;
}

const NAMES: Record<string, string> = { '1': 'R v Jane Smith', '2': 'R v John Doe', '3': 'R v Ada Lovelace' };
const answerOf = (caseId: string): Summary => ({ caseId, title: NAMES[caseId] ?? 'R v Nobody', court: 'Leeds Crown Court', isCustody: caseId === '2' });
const now = () => new Date('2026-12-05T02:00:00Z');

function setUp(modern: RouteDefinition<Args, Summary>['modern'], extra: Partial<RouteDefinition<Args, Summary>> = {}) {
  const metrics = new StranglerMetrics();
  const table = new RouteTable(new InMemoryRouteStateStore(), metrics);
  const options = stranglerOptions({ routesFile: null, noiseFloorSampleRate: 0, now });
  const strangler = new StranglerService(table, metrics, options);
  const state = new InMemoryStateStore();
  const keys = deriveRecordingKeys(Buffer.alloc(32, 6));
  const sanitiser = new RecordingSanitiser(keys.hashKey);
  const store = new RecordingStore(state);
  const recorder = new Recorder(store, table, sanitiser, new RecordingCipher(keys.encryptionKey), { settingsTtlMs: 60_000, now, random: () => 0 });
  strangler.addLegacyAnswerListener(recorder.listen);
  const audit = { record: jest.fn((_event: unknown) => Promise.resolve()) };
  const admin = new RecordingAdmin(table, store, recorder, now, audit);
  const legacy = jest.fn(([, caseId]: Args) => Promise.resolve(answerOf(caseId)));
  const route = strangler.register(defineRoute<Args, Summary>({ name: 'cases.getSummary', kind: 'read', legacy, ...(modern === undefined ? {} : { modern }), ...extra }));
  const replays = new ReplayService(table, recorder, sanitiser, { timeoutFor: () => 10_000, samplesKept: 5, differencesPerSample: 10, now });
  const call = async (caseId: string) => strangler.execute(route, [{ username: 'jsmith', correlationId: `c-${caseId}` }, caseId], { userId: 'u', correlationId: `c-${caseId}` });
  return { strangler, table, state, store, recorder, admin, audit, replays, call, legacy };
}

describe('record and replay', () => {
  it('records nothing while off, and records sanitised, encrypted samples while on', async () => {
    const kit = setUp(([, caseId]) => Promise.resolve(answerOf(caseId)));
    await kit.call('1');
    await kit.recorder.drain();
    expect((await kit.admin.view('cases.getSummary')).samples).toBe(0);

    await kit.admin.start('cases.getSummary', { maxSamples: 10, reason: 'try the modern summary' }, 'alice.admin');
    expect(kit.audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'route.recording.start', actor: 'alice.admin', target: 'cases.getSummary' }));
    for (const caseId of ['1', '2', '3']) await kit.call(caseId);
    await kit.recorder.drain();
    expect((await kit.admin.view('cases.getSummary')).samples).toBe(3);

    const raw = JSON.stringify(await kit.state.list(RECORDING_SAMPLES_TABLE, 'route:cases.getSummary'));
    const decrypted = JSON.stringify(await kit.recorder.recorded('cases.getSummary', 10));
    for (const text of [raw, decrypted]) for (const personal of ['Smith', 'Doe', 'Lovelace', 'Leeds', 'jsmith', 'c-1']) expect(text).not.toContain(personal);
    expect(decrypted).toContain('"caseId":"2"');
    expect(raw).not.toContain('caseId');
  });

  it('reads the settings once per TTL, and a route with recording off costs no store call', async () => {
    const kit = setUp(undefined);
    const settings = jest.spyOn(kit.store, 'allSettings');
    const append = jest.spyOn(kit.store, 'append');
    for (const caseId of ['1', '2', '3']) {
      await kit.call(caseId);
      await kit.recorder.drain();
    }
    expect(settings).toHaveBeenCalledTimes(1);
    expect(append).not.toHaveBeenCalled();
    await kit.admin.start('cases.getSummary', { reason: 'record' }, 'alice.admin');
    await kit.call('1');
    await kit.recorder.drain();
    expect(settings).toHaveBeenCalledTimes(2);
    expect(append).toHaveBeenCalledTimes(1);
  });

  it('keeps the newest maxSamples (oldest overwritten) and deletes them when turned off', async () => {
    const kit = setUp(([, caseId]) => Promise.resolve(answerOf(caseId)));
    await kit.admin.start('cases.getSummary', { maxSamples: 2, reason: 'a small ring' }, 'alice.admin');
    for (const caseId of ['1', '2', '3']) {
      await kit.call(caseId);
      await kit.recorder.drain();
    }
    const kept = await kit.recorder.recorded('cases.getSummary', 10);
    expect(kept.map((call) => (call.args as unknown[])[1])).toEqual(['3', '2']);
    await kit.admin.stop('cases.getSummary', 'alice.admin', 'done');
    expect(await kit.admin.view('cases.getSummary')).toMatchObject({ enabled: false, samples: 0 });
  });

  it('never fails or delays the answer when recording fails', async () => {
    const kit = setUp(undefined);
    await kit.admin.start('cases.getSummary', { reason: 'record' }, 'alice.admin');
    jest.spyOn(kit.store, 'append').mockRejectedValue(new Error('store down'));
    await expect(kit.call('1')).resolves.toEqual(answerOf('1'));
    await kit.recorder.drain();
    expect(kit.recorder.tallies.failed).toBe(1);
  });

  it('replays against modern as the given user: no mismatch when modern agrees', async () => {
    const modern = jest.fn(([, caseId]: Args) => Promise.resolve(answerOf(caseId)));
    const kit = setUp(modern);
    await kit.admin.start('cases.getSummary', { reason: 'record' }, 'alice.admin');
    for (const caseId of ['1', '2', '3']) await kit.call(caseId);
    await kit.recorder.drain();
    expect(modern).not.toHaveBeenCalled();

    const report = await kit.replays.replay({ route: 'cases.getSummary', as: 'replayer' });
    expect(report).toMatchObject({ recorded: 3, compared: 3, matches: 3, mismatches: 0, modernErrors: 0, samples: [] });
    expect(modern.mock.calls.map(([[caller, caseId]]) => `${caller.username}:${caseId}`).sort()).toEqual(['replayer:1', 'replayer:2', 'replayer:3']);
  });

  it('reports mismatches by path, with types and hashes but no values', async () => {
    const kit = setUp(([, caseId]) => Promise.resolve({ ...answerOf(caseId), court: caseId === '2' ? 'Bristol Crown Court' : 'Leeds Crown Court', isCustody: false }));
    await kit.admin.start('cases.getSummary', { reason: 'record' }, 'alice.admin');
    for (const caseId of ['1', '2', '3']) await kit.call(caseId);
    await kit.recorder.drain();

    const report = await kit.replays.replay({ route: 'cases.getSummary', as: 'replayer', limit: 3 });
    expect(report).toMatchObject({ compared: 3, matches: 2, mismatches: 1, mismatchRate: 1 / 3 });
    expect(report.topPaths).toEqual([
      { path: '$.court', count: 1 },
      { path: '$.isCustody', count: 1 },
    ]);
    expect(report.samples[0].differences.map((difference) => difference.path)).toEqual(['$.court', '$.isCustody']);
    expect(JSON.stringify(report)).not.toMatch(/Bristol|Leeds|Smith|Doe/);
  });

  it('counts modern failures, and refuses a route without a modern side or a write without a dry run', async () => {
    const kit = setUp(() => Promise.reject(new DomainError('CASE_NOT_FOUND', 'gone')));
    await kit.admin.start('cases.getSummary', { reason: 'record' }, 'alice.admin');
    await kit.call('1');
    await kit.recorder.drain();
    expect(await kit.replays.replay({ route: 'cases.getSummary', as: 'replayer' })).toMatchObject({ compared: 0, modernErrors: 1 });

    const noModern = setUp(undefined);
    await expect(noModern.replays.replay({ route: 'cases.getSummary', as: 'replayer' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const write = noModern.strangler.register(defineRoute({ name: 'notes.add', kind: 'write', legacy: () => Promise.resolve({}), modern: () => Promise.resolve({}) }));
    expect(write.name).toBe('notes.add');
    await expect(noModern.replays.replay({ route: 'notes.add', as: 'replayer' })).rejects.toThrow(/no dry-run plan/);
    await expect(noModern.replays.replay({ route: 'nope.nope', as: 'replayer' })).rejects.toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    await expect(noModern.replays.replay({ route: 'cases.getSummary', as: 'bad user!' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('replays a write through its dry run only, and an echoed hashed input compares equal', async () => {
    type NoteArgs = [Caller, string, string];
    const metrics = new StranglerMetrics();
    const table = new RouteTable(new InMemoryRouteStateStore(), metrics);
    const strangler = new StranglerService(table, metrics, stranglerOptions({ routesFile: null, now }));
    const keys = deriveRecordingKeys(Buffer.alloc(32, 8));
    const sanitiser = new RecordingSanitiser(keys.hashKey);
    const store = new RecordingStore(new InMemoryStateStore());
    const recorder = new Recorder(store, table, sanitiser, new RecordingCipher(keys.encryptionKey), { settingsTtlMs: 60_000, now, random: () => 0 });
    strangler.addLegacyAnswerListener(recorder.listen);
    const modern = jest.fn(() => Promise.reject(new Error('a write must not run')));
    const dryRun = jest.fn(([, caseId, text]: NoteArgs) => Promise.resolve({ noteId: '0', caseId, text }));
    const route = strangler.register(
      defineRoute<NoteArgs, { noteId: string; caseId: string; text: string }>({ name: 'notes.add', kind: 'write', legacy: ([, caseId, text]) => Promise.resolve({ noteId: '0', caseId, text }), modern, modernDryRun: dryRun }),
    );
    await new RecordingAdmin(table, store, recorder, now).start('notes.add', { reason: 'record' }, 'alice.admin');
    await strangler.execute(route, [{ username: 'jsmith', correlationId: 'c' }, '5', 'Called Jane Smith at home'], { userId: 'u' });
    await recorder.drain();
    const report = await new ReplayService(table, recorder, sanitiser, { timeoutFor: () => 10_000, samplesKept: 5, differencesPerSample: 10, now }).replay({ route: 'notes.add', as: 'replayer' });
    expect(report).toMatchObject({ implementation: 'modernDryRun', compared: 1, matches: 1 });
    expect(modern).not.toHaveBeenCalled();
    expect(JSON.stringify(dryRun.mock.calls)).not.toContain('Jane');
  });

  it('never records the streamed content route', async () => {
    const kit = setUp(undefined);
    kit.strangler.register(defineRoute({ name: 'documents.getContent', kind: 'read', legacy: () => Promise.resolve({ fileName: 'statement.pdf' }) }));
    await expect(kit.admin.start('documents.getContent', { reason: 'record' }, 'alice.admin')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await kit.store.putSettings({ route: 'documents.getContent', maxSamples: 5, sampleRate: 1, updatedAt: now().toISOString(), updatedBy: 'x', reason: 'forced' });
    kit.recorder.invalidate();
    kit.recorder.listen('documents.getContent', [], { fileName: 'statement.pdf' });
    await kit.recorder.drain();
    expect(await kit.store.samples('documents.getContent')).toEqual([]);
    await expect(kit.admin.start('nope.nope', { reason: 'record' }, 'alice.admin')).rejects.toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});
