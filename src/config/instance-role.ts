export type InstanceRoleName = 'api' | 'worker' | 'all';

/**
 * What this instance runs (ROLE, ADR 0036), injectable app-wide. Job consumers and periodic work ask
 * `runsBackgroundWork` when the app starts; the worker's HTTP surface asks `servesApi`. Nothing else branches on ROLE.
 */
export class InstanceRole {
  /** The role of an instance that does everything (the default; tests that build services by hand). */
  static readonly all = new InstanceRole('all');

  constructor(readonly name: InstanceRoleName) {}

  /** Serves the HTTP API (else only /health/live, /health/ready and /metrics). */
  get servesApi(): boolean {
    return this.name !== 'worker';
  }

  /** Consumes the job queues and runs the periodic work (session sweep, save recovery, index clean-up, ramp evaluation). */
  get runsBackgroundWork(): boolean {
    return this.name !== 'api';
  }
}
