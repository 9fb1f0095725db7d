/** The slice of on-exit-leak-free 2 the logger uses (the package ships no types). */
declare module 'on-exit-leak-free' {
  /** Calls `shutdown(object, 'exit')` when the process exits, unless `object` has been garbage-collected by then. */
  export function register<T extends object>(object: T, shutdown: (object: T, event: 'exit') => void): void;
}
