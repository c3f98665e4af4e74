/**
 * clickstream: page views `{ userId, page, referrer, device, country }` keyed by userId.
 *
 * Users act in bursts (sessions) of 3–20 page views; about `2 × rate` sessions run at once, so a
 * user's views within a burst are ~2 s apart in event time whatever the rate. After a burst a user
 * stays idle for at least `idleGapMs` (up to twice that) before the next burst, so session windows
 * with a gap below `idleGapMs` split a user's activity exactly at the bursts.
 *
 * Invariants: a pure function of the config (seed, rate, start time, options) and the record index;
 * consecutive views of one user are either within a burst or ≥ idleGapMs apart in base event time.
 * Device and country are fixed per user. `referrer` is an external URL or null (direct) on the first
 * view of a burst, and the previous page afterwards.
 */
import type { DatagenConfig } from './config.js';
import { DueQueue } from './heap.js';
import { Prng } from './prng.js';
import { Timeline, type GeneratedRecord, type Generator } from './types.js';

const PAGES: readonly (readonly [string, number])[] = [
  ['/', 20],
  ['/products', 15],
  ['/products/:id', 35],
  ['/search', 10],
  ['/cart', 8],
  ['/checkout', 4],
  ['/account', 4],
  ['/blog', 4],
];
const EXTERNAL_REFERRERS: readonly (readonly [string | null, number])[] = [
  [null, 30],
  ['https://www.google.com/', 40],
  ['https://www.bing.com/', 8],
  ['https://t.co/', 8],
  ['https://news.ycombinator.com/', 4],
  ['https://www.facebook.com/', 10],
];
const DEVICES: readonly (readonly [string, number])[] = [
  ['mobile', 50],
  ['desktop', 42],
  ['tablet', 8],
];
const COUNTRIES: readonly (readonly [string, number])[] = [
  ['US', 30], ['DE', 10], ['GB', 9], ['FR', 8], ['IN', 10], ['BR', 7], ['JP', 6], ['NL', 5], ['CA', 5], ['ES', 5], ['AU', 5],
];
const PRODUCTS = 200;
const MIN_VIEWS = 3;
const MAX_VIEWS = 20;

interface User {
  id: string;
  device: string;
  country: string;
  /** Bumped whenever the user's state changes, to ignore stale cooling entries. */
  epoch: number;
}

interface Session {
  user: number;
  remaining: number;
  lastPage: string;
}

export class ClickstreamGenerator implements Generator {
  readonly name = 'clickstream';
  readonly description = 'Page views of users acting in bursts separated by idle gaps (session windows).';
  readonly topics = ['clicks'] as const;

  private i = 0;
  private readonly rng: Prng;
  private readonly timeline: Timeline;
  private readonly users: User[] = [];
  /** Users free to start a burst. */
  private readonly idle: number[] = [];
  /** Users resting after a burst, by the time they may start the next one. */
  private readonly cooling = new DueQueue<{ user: number; epoch: number }>();
  private readonly active: Session[] = [];
  private readonly targetActive: number;
  private readonly idleGapMs: number;
  private lastEnded: Session | undefined;

  constructor(config: DatagenConfig) {
    this.rng = new Prng(config.seed);
    this.timeline = new Timeline(config);
    this.idleGapMs = config.idleGapMs;
    const setup = this.rng.fork();
    for (let u = 0; u < config.users; u++) {
      this.users.push({ id: `user-${u + 1}`, device: setup.weighted(DEVICES), country: setup.weighted(COUNTRIES), epoch: 0 });
      this.idle.push(u);
    }
    const quarter = Math.max(1, Math.floor(config.users / 4));
    this.targetActive = Math.min(quarter, Math.max(1, Math.round(this.timeline.eventRate * 2)));
  }

  get index(): number {
    return this.i;
  }

  next(): GeneratedRecord {
    const index = this.i++;
    const now = this.timeline.baseTime(index);
    for (let due = this.cooling.popDue(now); due; due = this.cooling.popDue(now)) {
      const user = this.users[due.user];
      if (user && user.epoch === due.epoch) this.idle.push(due.user);
    }

    let session: Session;
    let referrer: string | null;
    if (this.active.length < this.targetActive && this.idle.length > 0) {
      session = this.startSession(this.takeIdle());
      referrer = this.rng.weighted(EXTERNAL_REFERRERS);
    } else if (this.active.length > 0) {
      session = this.active[this.rng.int(this.active.length)] ?? this.mustHave();
      referrer = session.lastPage;
    } else {
      // Nobody may start a burst yet: the last burst goes on (no gap is created, none is broken).
      const last = this.lastEnded ?? this.mustHave();
      const user = this.users[last.user] ?? this.mustHave();
      user.epoch++;
      session = { user: last.user, remaining: this.rng.intBetween(1, MAX_VIEWS), lastPage: last.lastPage };
      this.active.push(session);
      referrer = session.lastPage;
    }

    const page = this.nextPage();
    session.lastPage = page;
    session.remaining--;
    if (session.remaining <= 0) this.endSession(session, now);

    const user = this.users[session.user] ?? this.mustHave();
    return {
      stream: 'clicks',
      key: user.id,
      value: { userId: user.id, page, referrer, device: user.device, country: user.country },
      timestamp: this.timeline.stamp(index),
    };
  }

  private takeIdle(): number {
    const at = this.rng.int(this.idle.length);
    const last = this.idle.pop() ?? this.mustHave();
    if (at < this.idle.length) {
      const taken = this.idle[at] ?? this.mustHave();
      this.idle[at] = last;
      return taken;
    }
    return last;
  }

  private startSession(user: number): Session {
    const session: Session = { user, remaining: this.rng.intBetween(MIN_VIEWS, MAX_VIEWS), lastPage: '' };
    this.active.push(session);
    return session;
  }

  private endSession(session: Session, now: number): void {
    const at = this.active.indexOf(session);
    const last = this.active.pop();
    if (last && at >= 0 && at < this.active.length) this.active[at] = last;
    const user = this.users[session.user] ?? this.mustHave();
    user.epoch++;
    this.cooling.push(now + this.idleGapMs + this.rng.int(this.idleGapMs), { user: session.user, epoch: user.epoch });
    this.lastEnded = session;
  }

  private nextPage(): string {
    const page = this.rng.weighted(PAGES);
    return page === '/products/:id' ? `/products/${this.rng.intBetween(1, PRODUCTS)}` : page;
  }

  private mustHave(): never {
    throw new Error('clickstream generator: inconsistent state');
  }
}
