import { useEffect, useRef, useState } from 'react';
import { api, must } from '../../api/client';
import type { components } from '../../api/schema';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';
import { percent, shareText } from './migration-format';

type RouteReport = components['schemas']['MigrationRouteReportDto'];
type Mode = RouteReport['mode'];

const MODES: readonly Mode[] = ['legacy', 'shadow', 'canary', 'modern'];
const ms = (value: number | null) => (value === null ? '–' : `${Math.round(value)} ms`);

/** One route in depth (admins): latency, fallbacks, mismatching paths, recent diffs, history, and a mode change with a reason. */
export function RouteDetails({ route, onChanged, onClose }: { route: RouteReport; onChanged: () => void; onClose: () => void }) {
  const name = route.name;
  const heading = useRef<HTMLHeadingElement>(null);
  const [revision, setRevision] = useState(0);
  const [history] = useAsync((signal) => api.GET('/api/v1/admin/routes/{name}/history', { params: { path: { name }, query: { limit: 10 } }, signal }).then(must), [name, revision]);
  const [samples] = useAsync((signal) => api.GET('/api/v1/admin/routes/{name}/diff-samples', { params: { path: { name } }, signal }).then(must), [name, revision]);

  useEffect(() => heading.current?.focus(), []);

  return (
    <section id="route-details" aria-labelledby="route-details-heading" className="route-details">
      <div className="migration-title">
        <h2 id="route-details-heading" ref={heading} tabIndex={-1}>
          Route <code>{name}</code>
        </h2>
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </div>
      <div className="route-details-grid">
        <section aria-labelledby="route-figures-heading">
          <h3 id="route-figures-heading">Figures</h3>
          <dl className="migration-pairs">
            <dt>Mode</dt>
            <dd>
              {route.mode}
              {route.desiredMode !== route.mode ? ` (asked: ${route.desiredMode})` : ''}
            </dd>
            <dt>Kind</dt>
            <dd>
              {route.kind}
              {route.hasModern ? ', modern registered' : ', no modern implementation'}
              {route.supportsDryRun ? ', dry run supported' : ''}
            </dd>
            <dt>Latency, legacy</dt>
            <dd>
              p50 {ms(route.latency.legacyP50Ms)}, p99 {ms(route.latency.legacyP99Ms)}
            </dd>
            <dt>Latency, modern</dt>
            <dd>
              p50 {ms(route.latency.modernP50Ms)}, p99 {ms(route.latency.modernP99Ms)}
            </dd>
            <dt>Fallbacks to legacy</dt>
            <dd>
              {route.fallbacks.onError} on error, {route.fallbacks.onTimeout} on timeout
            </dd>
            <dt>Shadow</dt>
            <dd>
              {route.shadow.compared} compared, {route.shadow.mismatches} mismatching ({percent(route.shadow.mismatchRate)}); noise floor {percent(route.shadow.noiseFloor)} of {route.shadow.noiseCompared}; modern errors {route.shadow.modernErrors}, timeouts {route.shadow.modernTimeouts},
              skipped {route.shadow.skipped}
            </dd>
            <dt>Callers</dt>
            <dd>{shareText(route.clients, 20)}</dd>
          </dl>
          {route.shadow.topPaths.length > 0 && (
            <table className="migration-table">
              <caption>Fields that differ most</caption>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Mismatches</th>
                  <th scope="col">Also in noise</th>
                </tr>
              </thead>
              <tbody>
                {route.shadow.topPaths.map((path) => (
                  <tr key={path.path}>
                    <th scope="row">
                      <code>{path.path}</code>
                    </th>
                    <td>{path.count}</td>
                    <td>{path.alsoInNoise ? 'Yes' : 'No'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {route.ramp !== null && <RampFigures ramp={route.ramp} />}
        <ChangeModeForm
          route={route}
          onChanged={() => {
            setRevision((value) => value + 1);
            onChanged();
          }}
        />
      </div>

      <section aria-labelledby="route-history-heading">
        <h3 id="route-history-heading">History</h3>
        {history.state === 'loading' && <p aria-live="polite">Loading the history…</p>}
        {history.state === 'failed' && <ProblemMessage error={history.error} />}
        {history.state === 'ready' &&
          (history.value.length === 0 ? (
            <p>No changes recorded.</p>
          ) : (
            <table className="migration-table">
              <caption className="migration-hidden-label">Changes of {name}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Change</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {history.value.map((change) => (
                  <tr key={`${change.at}/${change.to.revision}`}>
                    <th scope="row">{new Date(change.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' })}</th>
                    <td>{change.actor}</td>
                    <td>
                      {change.from?.mode ?? 'legacy'} → {change.to.mode}
                      {change.to.percent === undefined ? '' : ` ${change.to.percent}%`}
                      {change.to.fallback === true ? ', fallback' : ''}
                    </td>
                    <td>{change.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </section>

      <section aria-labelledby="route-samples-heading">
        <h3 id="route-samples-heading">Recent differences</h3>
        <p className="migration-muted">Values are shown by type and a short keyed hash: no personal data.</p>
        {samples.state === 'loading' && <p aria-live="polite">Loading differences…</p>}
        {samples.state === 'failed' && <ProblemMessage error={samples.error} />}
        {samples.state === 'ready' &&
          (samples.value.length === 0 ? (
            <p>No differences recorded.</p>
          ) : (
            <ul className="migration-samples">
              {samples.value.map((sample, at) => (
                <li key={`${sample.at}/${at}`}>
                  {new Date(sample.at).toLocaleString('en-GB', { timeStyle: 'medium' })}, {sample.source === 'shadow' ? 'legacy vs modern' : 'legacy vs itself'}
                  {sample.correlationId === null ? '' : ` (${sample.correlationId})`}:{' '}
                  {sample.differences.map((difference) => `${difference.path} ${difference.kind}`).join('; ')}
                  {sample.truncated ? '; …' : ''}
                </li>
              ))}
            </ul>
          ))}
      </section>
    </section>
  );
}

type Ramp = NonNullable<RouteReport['ramp']>;

/** The route's latest ramp: its steps, and each gate's limit against the figures of the last evaluation. */
function RampFigures({ ramp }: { ramp: Ramp }) {
  const figures = ramp.lastFigures;
  const gates: readonly [string, string, string][] = [
    ['Mismatches above noise', percent(ramp.gates.maxMismatchAboveNoise), figures === null ? '–' : percent(figures.mismatchAboveNoise)],
    ['Fallback rate', percent(ramp.gates.maxFallbackRate), figures === null ? '–' : percent(figures.fallbackRate)],
    ['Modern error rate', percent(ramp.gates.maxModernErrorRate), figures === null ? '–' : percent(figures.modernErrorRate)],
    ['p99 modern / legacy', `${ramp.gates.maxP99Ratio}×`, figures?.p99Ratio == null ? '–' : `${figures.p99Ratio.toFixed(2)}×`],
  ];
  return (
    <section aria-labelledby="route-ramp-heading">
      <h3 id="route-ramp-heading">Ramp</h3>
      <dl className="migration-pairs">
        <dt>Status</dt>
        <dd>
          {ramp.status}
          {ramp.endReason === null ? '' : `: ${ramp.endReason}`}
        </dd>
        <dt>Steps</dt>
        <dd>
          {ramp.steps.map((step, at) => (
            <span key={at} className={at === ramp.stepIndex ? 'migration-step-current' : undefined}>
              {at > 0 ? ' → ' : ''}
              {step}%
            </span>
          ))}{' '}
          (step {ramp.stepIndex + 1} of {ramp.steps.length}, since {new Date(ramp.stepStartedAt).toLocaleString('en-GB', { timeStyle: 'medium' })})
        </dd>
        <dt>Each step</dt>
        <dd>
          bakes {ramp.bakeSeconds} s and needs {ramp.minCalls} calls; a tripped gate returns the route to {ramp.safeMode}
        </dd>
        <dt>Last evaluated</dt>
        <dd>{ramp.lastEvaluatedAt === null ? 'Not yet' : `${new Date(ramp.lastEvaluatedAt).toLocaleString('en-GB', { timeStyle: 'medium' })}, ${figures?.calls ?? 0} calls`}</dd>
      </dl>
      <table className="migration-table">
        <caption>Gates</caption>
        <thead>
          <tr>
            <th scope="col">Gate</th>
            <th scope="col">Limit</th>
            <th scope="col">Last figure</th>
          </tr>
        </thead>
        <tbody>
          {gates.map(([gate, limit, figure]) => (
            <tr key={gate}>
              <th scope="row">{gate}</th>
              <td>{limit}</td>
              <td>{figure}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ChangeModeForm({ route, onChanged }: { route: RouteReport; onChanged: () => void }) {
  const [mode, setMode] = useState<Mode>(route.desiredMode);
  const [share, setShare] = useState(String(route.canary?.percent ?? 10));
  const [fallback, setFallback] = useState(route.fallback);
  const [allowWrites, setAllowWrites] = useState(route.allowWrites);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState('');
  const id = (field: string) => `route-change-${field}`;

  return (
    <section aria-labelledby="route-change-heading">
      <h3 id="route-change-heading">Change the mode</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSaving(true);
          setError(null);
          setDone('');
          api
            .PUT('/api/v1/admin/routes/{name}', {
              params: { path: { name: route.name } },
              body: {
                mode,
                reason: reason.trim(),
                ...(mode === 'canary' ? { percent: Number(share) } : {}),
                ...(mode === 'canary' || mode === 'modern' ? { fallback } : {}),
                ...(route.kind === 'write' ? { allowWrites } : {}),
              },
            })
            .then(must)
            .then(
              (change) => {
                setSaving(false);
                setReason('');
                setDone(`${route.name} is now asked to run ${change.to.mode}.`);
                onChanged();
              },
              (failure: unknown) => {
                setSaving(false);
                setError(failure instanceof Error ? failure : new Error(String(failure)));
              },
            );
        }}
      >
        <label htmlFor={id('mode')}>Mode</label>
        <select id={id('mode')} value={mode} onChange={(event) => setMode(event.target.value as Mode)}>
          {MODES.map((each) => (
            <option key={each} value={each}>
              {each}
            </option>
          ))}
        </select>
        {mode === 'canary' && (
          <>
            <label htmlFor={id('percent')}>Share of users on modern (%)</label>
            <input id={id('percent')} type="number" min={0} max={100} step="any" value={share} onChange={(event) => setShare(event.target.value)} required />
          </>
        )}
        {(mode === 'canary' || mode === 'modern') && (
          <div className="migration-checkbox">
            <input id={id('fallback')} type="checkbox" checked={fallback} onChange={(event) => setFallback(event.target.checked)} />
            <label htmlFor={id('fallback')} className="checkbox">
              Fall back to legacy when modern fails
            </label>
          </div>
        )}
        {route.kind === 'write' && (
          <div className="migration-checkbox">
            <input id={id('writes')} type="checkbox" checked={allowWrites} onChange={(event) => setAllowWrites(event.target.checked)} />
            <label htmlFor={id('writes')} className="checkbox">
              Allow writes through modern
            </label>
          </div>
        )}
        <label htmlFor={id('reason')}>Reason (kept in the audit trail)</label>
        <textarea id={id('reason')} rows={2} minLength={3} maxLength={500} required value={reason} onChange={(event) => setReason(event.target.value)} />
        {error !== null && <ProblemMessage error={error} />}
        <div>
          <button type="submit" disabled={saving}>
            {saving ? 'Changing…' : 'Change the mode'}
          </button>
        </div>
        <p role="status" className="migration-done">
          {done}
        </p>
      </form>
    </section>
  );
}
