import { useState } from 'react';
import { api, must } from '../../api/client';
import type { components } from '../../api/schema';
import { useAsync } from '../../app/use-async';
import { currentSession } from '../../auth/token-store';
import { ProblemMessage } from '../../components/ProblemMessage';
import { RouteDetails } from './RouteDetails';
import { percent, shareText } from './migration-format';
import './migration.css';

type RouteReport = components['schemas']['MigrationRouteReportDto'];
type Report = components['schemas']['MigrationReportDto'];

const MODES = ['legacy', 'shadow', 'canary', 'modern'] as const;
const FACADE_ADMIN = 'Facade.Admin';

/** The strangler migration for admins (ADR 0004, 0025): every route's mode, traffic, mismatches vs noise, ramps and callers. */
export function MigrationDashboard() {
  const [report, reload] = useAsync((signal) => api.GET('/api/v1/migration', { signal }).then(must), []);
  const [open, setOpen] = useState<string | null>(null);
  // The report is for Facade.Admin and Facade.Migration; reading and changing routes is for Facade.Admin alone.
  const canAdminister = currentSession()?.roles.includes(FACADE_ADMIN) ?? false;

  return (
    <section aria-labelledby="migration-heading" className="migration">
      <div className="migration-title">
        <h1 id="migration-heading">Migration</h1>
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      {report.state === 'loading' && <p aria-live="polite">Loading the migration report…</p>}
      {report.state === 'failed' && <ProblemMessage error={report.error} />}
      {report.state === 'ready' && (
        <>
          <Progress report={report.value} />
          <RoutesTable report={report.value} open={open} onToggle={(name) => setOpen(open === name ? null : name)} canAdminister={canAdminister} />
          {open !== null && canAdminister && (
            <RouteDetails
              key={open}
              route={report.value.routes.find((route) => route.name === open)!}
              onChanged={reload}
              onClose={() => {
                setOpen(null);
                document.getElementById(`route-details-button-${open}`)?.focus();
              }}
            />
          )}
          {report.value.unregisteredRoutes.length > 0 && (
            <p className="migration-warning">
              Stored states for routes no code registers (a typo or a removed route): {report.value.unregisteredRoutes.join(', ')}.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Progress({ report }: { report: Report }) {
  const { progress } = report;
  return (
    <section aria-labelledby="migration-progress-heading" className="migration-progress">
      <h2 id="migration-progress-heading">Overall progress</h2>
      <p className="migration-generated">Report of {new Date(report.generatedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' })}; call counts are every instance’s.</p>
      <div className="migration-meter-row">
        <span id="migration-routes-meter-label">Routes fully on modern</span>
        <div className="migration-meter" role="meter" aria-labelledby="migration-routes-meter-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress.modernRouteShare * 100)} aria-valuetext={`${percent(progress.modernRouteShare)} of ${progress.routes} routes`}>
          <div className="migration-meter-fill" style={{ width: `${progress.modernRouteShare * 100}%` }} />
        </div>
        <span>
          {percent(progress.modernRouteShare)} ({progress.byMode.modern} of {progress.routes})
        </span>
      </div>
      <dl className="migration-facts">
        {MODES.map((mode) => (
          <div key={mode}>
            <dt>{mode[0].toUpperCase() + mode.slice(1)}</dt>
            <dd data-testid={`routes-${mode}`}>{progress.byMode[mode]}</dd>
          </div>
        ))}
        <div>
          <dt>Calls served by modern</dt>
          <dd>{progress.modernCallShare === null ? 'No calls yet' : percent(progress.modernCallShare)}</dd>
        </div>
      </dl>
    </section>
  );
}

function modeText(route: RouteReport): string {
  const canary = route.canary === null ? '' : ` ${route.canary.percent}%${route.canary.cohortSize > 0 ? ` + ${route.canary.cohortSize} named` : ''}`;
  return `${route.mode}${route.mode === 'canary' ? canary : ''}`;
}

function mismatchText(route: RouteReport): string {
  const { shadow } = route;
  if (shadow.compared === 0) return 'Not compared';
  const noise = shadow.noiseFloor === null ? 'noise floor not learned' : `noise floor ${percent(shadow.noiseFloor)}`;
  const above = shadow.mismatchRateAboveNoise === null ? '' : `, ${percent(shadow.mismatchRateAboveNoise)} above noise`;
  return `${percent(shadow.mismatchRate)} of ${shadow.compared} (${noise}${above})`;
}

function rampText(route: RouteReport): string {
  const { ramp } = route;
  if (ramp === null) return 'None';
  return `${ramp.status}, step ${ramp.stepIndex + 1} of ${ramp.steps.length} at ${ramp.percent}%${ramp.endReason === null ? '' : `: ${ramp.endReason}`}`;
}

function RoutesTable({ report, open, onToggle, canAdminister }: { report: Report; open: string | null; onToggle: (name: string) => void; canAdminister: boolean }) {
  return (
    <section aria-labelledby="migration-routes-heading">
      <h2 id="migration-routes-heading">Routes</h2>
      <div className="migration-table-scroll" role="region" aria-label="Routes table" tabIndex={0}>
        <table className="migration-table">
          <thead>
            <tr>
              <th scope="col">Route</th>
              <th scope="col">Mode</th>
              <th scope="col">Fallback</th>
              <th scope="col">Calls (legacy / modern)</th>
              <th scope="col">Modern share</th>
              <th scope="col">Mismatch rate</th>
              <th scope="col">Ramp</th>
              <th scope="col">Callers by client</th>
              <th scope="col">Last change</th>
              {canAdminister && (
                <th scope="col">
                  <span className="migration-hidden-label">Details</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {report.routes.map((route) => (
              <tr key={route.name} data-route={route.name} className={open === route.name ? 'migration-row-open' : undefined}>
                <th scope="row">
                  <code>{route.name}</code>
                  <span className="migration-muted migration-route-kind">
                    {route.kind}
                    {route.hasModern ? '' : ', no modern yet'}
                  </span>
                </th>
                <td data-column="mode">
                  <span className={`migration-mode migration-mode-${route.mode}`}>{modeText(route)}</span>
                  {route.desiredMode !== route.mode && (
                    <span className="migration-problem">
                      {' '}
                      (asked: {route.desiredMode}
                      {route.problem === null ? '' : `: ${route.problem}`})
                    </span>
                  )}
                </td>
                <td>{route.fallback ? 'Yes' : 'No'}</td>
                <td data-column="calls">
                  {route.calls.total} ({route.calls.legacy} / {route.calls.modern})
                </td>
                <td>{route.modernShare === null ? '–' : percent(route.modernShare)}</td>
                <td>{mismatchText(route)}</td>
                <td data-column="ramp">{rampText(route)}</td>
                <td data-column="clients">{shareText(route.clients)}</td>
                <td>{route.lastChange === null ? 'Never changed' : `${route.lastChange.by}: ${route.lastChange.reason}`}</td>
                {canAdminister && (
                  <td>
                    <button type="button" id={`route-details-button-${route.name}`} aria-expanded={open === route.name} aria-controls={open === route.name ? 'route-details' : undefined} aria-label={`Details of ${route.name}`} onClick={() => onToggle(route.name)}>
                      Details
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
