/**
 * `run`, called one call at a time: each call starts once the one before it has settled (whether it failed or
 * not), and its promise is that call's own. For writes that span turns of the event loop, so that a caller who
 * awaits one knows every write started before it is done.
 */
export function oneAtATime<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return (...args) => {
    const next = last.then(() => run(...args));
    last = next.catch(() => {});
    return next;
  };
}
