import { useId, useState, type FormEvent } from 'react';
import { api, must } from '../../api/client';
import type { components } from '../../api/schema';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';

type DocumentNote = components['schemas']['DocumentNoteDto'];

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** The notes on a document (oldest first, kept by the facade) and a form to add one as the signed-in user. */
export function DocumentNotes({ caseId, documentId, title }: { caseId: string; documentId: string; title: string }) {
  const id = useId();
  const [loaded] = useAsync((signal) => api.GET('/api/v1/cases/{caseId}/documents/{documentId}/notes', { params: { path: { caseId, documentId } }, signal }).then(must), [caseId, documentId]);
  const [added, setAdded] = useState<readonly DocumentNote[]>([]);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const [status, setStatus] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '' || saving) return;
    setSaving(true);
    setFailure(null);
    try {
      const note = must(await api.POST('/api/v1/cases/{caseId}/documents/{documentId}/notes', { params: { path: { caseId, documentId } }, body: { text } }));
      setAdded((current) => [...current, note]);
      setText('');
      setStatus('Note added.');
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
      setStatus('');
    } finally {
      setSaving(false);
    }
  };

  const listed = loaded.state === 'ready' ? loaded.value.notes : [];
  const notes = [...listed, ...added.filter((note) => !listed.some((each) => each.noteId === note.noteId))];
  return (
    <section className="document-notes" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Notes on {title}</h3>
      {loaded.state === 'loading' && <p>Loading notes…</p>}
      {loaded.state === 'failed' && <ProblemMessage error={loaded.error} />}
      {loaded.state === 'ready' && notes.length === 0 && <p>No notes yet.</p>}
      {notes.length > 0 && (
        <ol className="notes-list" aria-label={`Notes on ${title}`}>
          {notes.map((note) => (
            <li key={note.noteId}>
              <p className="note-text">{note.text}</p>
              <p className="note-meta">
                {note.createdBy}, <time dateTime={note.createdAt}>{when.format(new Date(note.createdAt))}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor={`${id}-text`}>Add a note</label>
        <textarea id={`${id}-text`} value={text} maxLength={2000} rows={3} onChange={(event) => setText(event.target.value)} />
        <button type="submit" disabled={saving || text.trim() === ''}>
          {saving ? 'Adding…' : 'Add note'}
        </button>
      </form>
      {failure !== null && <ProblemMessage error={failure} />}
      <p role="status" className="visually-hidden">
        {status}
      </p>
    </section>
  );
}
