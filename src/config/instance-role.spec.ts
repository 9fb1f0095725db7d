import { InstanceRole } from './instance-role.js';

describe('InstanceRole', () => {
  it.each([
    ['api', true, false],
    ['worker', false, true],
    ['all', true, true],
  ] as const)('ROLE=%s serves the API: %s, runs background work: %s', (name, servesApi, runsBackgroundWork) => {
    const role = new InstanceRole(name);
    expect([role.servesApi, role.runsBackgroundWork]).toEqual([servesApi, runsBackgroundWork]);
  });

  it('is `all` for services built without one', () => {
    expect(InstanceRole.all.name).toBe('all');
  });
});
