/**
 * Group commit. `request()` resolves once a flush round that *started after the call* has
 * finished, so it covers everything written before the call. At most one round runs at a time:
 * a caller arriving while a round is in flight joins the single queued round, which starts when
 * the current one ends — N concurrent callers cost at most two rounds, not N.
 *
 * A failed round rejects everyone who waited for it; the next request starts a fresh round.
 */
export class SyncScheduler {
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** Number of rounds started (tests and metrics). */
  rounds = 0;

  constructor(private readonly flush: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.inFlight) return this.start();
    const settled = this.inFlight.then(
      () => undefined,
      () => undefined,
    );
    this.queued = settled.then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  /** Resolves when no round is running or queued (whatever their outcome). */
  async idle(): Promise<void> {
    while (this.inFlight ?? this.queued) {
      await (this.queued ?? this.inFlight)?.then(
        () => undefined,
        () => undefined,
      );
    }
  }

  get busy(): boolean {
    return this.inFlight !== undefined || this.queued !== undefined;
  }

  private start(): Promise<void> {
    this.rounds++;
    // An async wrapper turns a synchronous throw of `flush` into a rejection.
    const round = (async () => this.flush())().finally(() => {
      if (this.inFlight === round) this.inFlight = undefined;
    });
    this.inFlight = round;
    return round;
  }
}
