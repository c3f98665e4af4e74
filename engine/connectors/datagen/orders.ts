/**
 * orders: three logical outputs for join demos.
 *  - `customers` (a table stream, key customerId): `{ customerId, name, tier, country }`, every
 *    customer once at the start (the first `customers` records), then occasional tier updates.
 *  - `orders` (key orderId): `{ orderId, customerId, amount, currency, items, status }`.
 *  - `payments` (key orderId): `{ paymentId, orderId, amount, method }`.
 *
 * Payment fate per order: `unpaidRatio` never (status 'cancelled' or 'abandoned'), `latePaymentRatio`
 * 60–180 s later (beyond typical join windows), the rest 1 s to `paymentDelayMs` later — so
 * stream-stream joins have matches, late matches and non-matches.
 *
 * Invariants: a pure function of the config and the record index. A payment is emitted at the first
 * record slot whose base event time is ≥ its due time (ties in due order), so its base time is at
 * least the intended delay after its order's and at most one slot more. Every payment references an
 * earlier order and carries its amount; every order references a customer emitted before it.
 */
import type { DatagenConfig } from './config.js';
import { DueQueue } from './heap.js';
import { Prng, round2 } from './prng.js';
import { Timeline, type GeneratedRecord, type Generator } from './types.js';

const FIRST_NAMES = ['Ada', 'Alan', 'Grace', 'Linus', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'Edsger', 'Radia', 'Leslie', 'Hedy', 'Tim', 'Katherine', 'John'];
const LAST_NAMES = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Liskov', 'Thompson', 'Hamilton', 'Ritchie', 'Allen', 'Dijkstra', 'Perlman', 'Lamport', 'Lamarr', 'Berners-Lee', 'Johnson', 'Backus'];
const TIERS: readonly (readonly [string, number])[] = [
  ['bronze', 60],
  ['silver', 28],
  ['gold', 10],
  ['platinum', 2],
];
const COUNTRIES = ['US', 'DE', 'GB', 'FR', 'NL', 'ES', 'IT', 'JP', 'CA', 'BR'];
const CURRENCIES: readonly (readonly [string, number])[] = [
  ['USD', 55],
  ['EUR', 35],
  ['GBP', 10],
];
const METHODS: readonly (readonly [string, number])[] = [
  ['card', 60],
  ['paypal', 20],
  ['bank_transfer', 10],
  ['wallet', 10],
];
const LATE_MIN_MS = 60_000;
const LATE_MAX_MS = 180_000;
const ON_TIME_MIN_MS = 1_000;

interface Customer {
  customerId: string;
  name: string;
  tier: string;
  country: string;
}

interface PendingPayment {
  orderId: string;
  amount: number;
}

export class OrdersGenerator implements Generator {
  readonly name = 'orders';
  readonly description = 'Orders, their payments a few seconds later (some late, some never) and a customers table.';
  readonly topics = ['orders', 'payments', 'customers'] as const;

  private i = 0;
  private orders = 0;
  private paymentsMade = 0;
  private readonly rng: Prng;
  private readonly timeline: Timeline;
  private readonly customers: Customer[] = [];
  private readonly pending = new DueQueue<PendingPayment>();

  constructor(private readonly config: DatagenConfig) {
    this.rng = new Prng(config.seed);
    this.timeline = new Timeline(config);
    const setup = this.rng.fork();
    for (let c = 0; c < config.customers; c++) {
      this.customers.push({
        customerId: `cust-${c + 1}`,
        name: `${setup.pick(FIRST_NAMES)} ${setup.pick(LAST_NAMES)}`,
        tier: setup.weighted(TIERS),
        country: setup.pick(COUNTRIES),
      });
    }
  }

  get index(): number {
    return this.i;
  }

  next(): GeneratedRecord {
    const index = this.i++;
    const now = this.timeline.baseTime(index);
    const timestamp = this.timeline.stamp(index);

    if (index < this.customers.length) return this.customerRecord(this.customer(index), timestamp);

    const payment = this.pending.popDue(now);
    if (payment) {
      const paymentId = `pay-${++this.paymentsMade}`;
      return {
        stream: 'payments',
        key: payment.orderId,
        value: { paymentId, orderId: payment.orderId, amount: payment.amount, method: this.rng.weighted(METHODS) },
        timestamp,
      };
    }

    if (this.rng.chance(this.config.customerUpdateRatio)) {
      const customer = this.customer(this.rng.int(this.customers.length));
      customer.tier = this.rng.weighted(TIERS);
      return this.customerRecord(customer, timestamp);
    }

    return this.order(now, timestamp);
  }

  private order(now: number, timestamp: number): GeneratedRecord {
    const orderId = `ord-${++this.orders}`;
    const customer = this.customer(this.rng.int(this.customers.length));
    const items = this.rng.intBetween(1, 6);
    const amount = round2(items * this.rng.between(4.99, 120));
    const currency = this.rng.weighted(CURRENCIES);
    const fate = this.rng.float();
    const { unpaidRatio, latePaymentRatio, paymentDelayMs } = this.config;
    let status: string;
    if (fate < unpaidRatio) {
      status = this.rng.chance(0.5) ? 'cancelled' : 'abandoned';
    } else {
      status = 'placed';
      const late = fate < unpaidRatio + latePaymentRatio;
      const delay = late
        ? this.rng.intBetween(LATE_MIN_MS, LATE_MAX_MS)
        : this.rng.intBetween(Math.min(ON_TIME_MIN_MS, paymentDelayMs), paymentDelayMs);
      this.pending.push(now + delay, { orderId, amount });
    }
    return {
      stream: 'orders',
      key: orderId,
      value: { orderId, customerId: customer.customerId, amount, currency, items, status },
      timestamp,
    };
  }

  private customer(at: number): Customer {
    const customer = this.customers[at];
    if (!customer) throw new RangeError(`no customer #${at}`);
    return customer;
  }

  private customerRecord(customer: Customer, timestamp: number): GeneratedRecord {
    return { stream: 'customers', key: customer.customerId, value: { ...customer }, timestamp };
  }
}
