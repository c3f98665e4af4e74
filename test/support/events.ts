/**
 * Waiting on client callbacks without sleeping: test code records what a client reported (joins,
 * records, commits, fetches) and calls `notify()`; `until()` resolves as soon as its predicate holds.
 * The timeout is only a safety net: it fails the test naming what never happened and, if given,
 * the state it was checked against.
 */
export class Events {
  private readonly pending = new Set<{ check: () => boolean; done: () => void }>();

  constructor(private readonly defaultTimeoutMs = 20_000) {}

  /** Re-checks every pending predicate; call after each change of the state they read. */
  notify(): void {
    for (const entry of [...this.pending]) {
      if (entry.check()) {
        this.pending.delete(entry);
        entry.done();
      }
    }
  }

  until(
    check: () => boolean,
    what: string,
    state?: () => unknown,
    timeoutMs = this.defaultTimeoutMs,
  ): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const entry = {
        check,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.pending.delete(entry);
        const detail = state === undefined ? '' : `; state: ${JSON.stringify(state())}`;
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`));
      }, timeoutMs);
      this.pending.add(entry);
    });
  }
}
