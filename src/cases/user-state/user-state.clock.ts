/** The clock of per-user state and the case history (tests may provide their own). */
export const USER_STATE_CLOCK = Symbol('UserStateClock');
export type UserStateClock = () => Date;
export const systemClock: UserStateClock = () => new Date();
