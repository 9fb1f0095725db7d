import { describe, expect, it } from '@jest/globals';
import type { CaseNote, LegacyCaller, LegacyCms } from '../../legacy/legacy-cms.port.js';
import { InMemoryStateStore } from '../../storage/state/in-memory-state-store.adapter.js';
import { NotesReadModel } from './notes-read-model.service.js';

const alice: LegacyCaller = { username: 'alice.admin', correlationId: 'unit-1' };
const note = (noteId: string, text = `Note ${noteId}`): CaseNote => ({ noteId, text, createdBy: 'alice.admin', createdAt: '2024-03-07T10:00:00.000Z' });

function setUp() {
  const notes = new Map<string, CaseNote[]>();
  const calls: string[] = [];
  const legacy = {
    listNotes: (_caller: LegacyCaller, caseId: string) => {
      calls.push(caseId);
      return Promise.resolve((notes.get(caseId) ?? []).map((each) => ({ ...each })));
    },
  };
  const asked: string[] = [];
  const access = { assertCanSee: (caller: LegacyCaller, caseId: string) => Promise.resolve(void asked.push(`${caller.username}:${caseId}`)) };
  const model = new NotesReadModel(legacy as unknown as LegacyCms, access, new InMemoryStateStore(), { maxAgeMs: 60_000, now: () => 1_700_000_000_000 });
  return { notes, calls, asked, model };
}

describe('NotesReadModel', () => {
  it("keeps the legacy CMS's order, answers from the store while fresh and asks case access every time", async () => {
    const { notes, calls, asked, model } = setUp();
    notes.set('7', [note('30'), note('4'), note('100')]);
    expect((await model.listNotes(alice, '7')).map((each) => each.noteId)).toEqual(['30', '4', '100']);
    notes.set('7', []);
    expect((await model.listNotes(alice, '7')).map((each) => each.noteId)).toEqual(['30', '4', '100']);
    expect(calls).toEqual(['7']);
    expect(asked).toEqual(['alice.admin:7', 'alice.admin:7']);
  });

  it('reads legacy again after notes.add through the port, and only then', async () => {
    const { notes, calls, model } = setUp();
    notes.set('7', [note('1')]);
    await model.listNotes(alice, '7');
    notes.set('7', [note('1'), note('2', 'Added')]);
    model.onLegacyAnswer('documents.rename', [alice, '7', '1', 'x'], {});
    expect(await model.listNotes(alice, '7')).toEqual([note('1')]);
    model.onLegacyAnswer('notes.add', [alice, '7', 'Added'], note('2', 'Added'));
    expect(await model.listNotes(alice, '7')).toEqual([note('1'), note('2', 'Added')]);
    expect(calls).toEqual(['7', '7']);
  });
});
