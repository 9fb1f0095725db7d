/** The strangler migration dashboard for admins (issue 15 part 6). */
export function MigrationDashboard() {
  return <h1>Migration</h1>;
}
