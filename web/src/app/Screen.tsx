import type { SignedIn } from '../auth/token-store';
import { CasePage } from '../features/case/CasePage';
import { HomePage } from '../features/cases/HomePage';
import { MigrationDashboard } from '../features/migration/MigrationDashboard';
import { PlansPage } from '../features/plans/PlansPage';
import { hrefOf, useRoute } from './route';

const ADMIN_ROLES = ['Facade.Admin', 'Facade.Migration'];

/** The signed-in frame: skip link, banner with navigation, and the screen the route names. */
export function Screen({ session, onSignOut }: { session: SignedIn; onSignOut: () => void }) {
  const route = useRoute();
  const isAdmin = session.roles.some((role) => ADMIN_ROLES.includes(role));
  return (
    <>
      <a className="skip-link" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to main content
      </a>
      <header className="banner">
        <a className="brand" href={hrefOf({ name: 'home' })}>Casework</a>
        <nav aria-label="Main">
          <a href={hrefOf({ name: 'home' })}>Cases</a>
          {isAdmin && <a href={hrefOf({ name: 'migration' })}>Migration</a>}
        </nav>
        <span className="who">
          Signed in as <strong>{session.displayName}</strong>
          <button type="button" className="link-button" onClick={onSignOut}>Sign out</button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {route.name === 'home' && <HomePage />}
        {route.name === 'case' && <CasePage key={route.caseId} caseId={route.caseId} session={session} />}
        {route.name === 'plans' && <PlansPage caseId={route.caseId} planId={route.planId} />}
        {route.name === 'migration' && (isAdmin ? <MigrationDashboard /> : <p role="alert">The migration dashboard is for facade administrators.</p>)}
        {route.name === 'not-found' && <p role="alert">There is no screen at {route.path}.</p>}
      </main>
    </>
  );
}
