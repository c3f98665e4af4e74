/**
 * nexmark: the Nexmark benchmark's persons, auctions and bids, after the reference generator
 * (Apache Beam's `NexmarkUtils`/`GeneratorConfig`, also used by Flink and RisingWave):
 *  - per 50 events: 1 person, 3 auctions, 46 bids, by event number (n mod 50: 0 person, 1–3 auction,
 *    4–49 bid);
 *  - ids from 1000 (FIRST_PERSON_ID, FIRST_AUCTION_ID), categories 10–14;
 *  - skew: 1 − 1/hotAuctionRatio of bids go to the current hot auction (every 100th auction id),
 *    1 − 1/hotBiddersRatio of bids come from a hot bidder and 1 − 1/hotSellersRatio of auctions from
 *    a hot seller (every 100th person id); half the bids come from four hot channels; prices are
 *    log-uniform from $1 to $1,000,000 (in cents);
 *  - an auction expires after a random time up to twice the time `inFlightAuctions` auctions take to
 *    appear.
 * Records: `persons` (key id) `{ id, name, emailAddress, creditCard, city, state, dateTime }`,
 * `auctions` (key id) `{ id, itemName, description, initialBid, reserve, dateTime, expires, seller,
 * category }`, `bids` (key auction) `{ auction, bidder, price, channel, url, dateTime }`;
 * dateTime/expires are epoch ms.
 *
 * Deviation (on purpose): the reference draws ids up to 10 ahead of the last one generated
 * (PERSON_ID_LEAD, AUCTION_ID_LEAD); here bids and auctions only reference persons and auctions
 * already emitted, so joins on them always find their match. The `extra` padding field is omitted.
 *
 * Invariants: a pure function of the config and the record index.
 */
import type { DatagenConfig } from './config.js';
import { Prng } from './prng.js';
import { Timeline, type GeneratedRecord, type Generator } from './types.js';

export const PERSON_PROPORTION = 1;
export const AUCTION_PROPORTION = 3;
export const BID_PROPORTION = 46;
export const TOTAL_PROPORTION = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;
export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
const FIRST_CATEGORY_ID = 10;
const NUM_CATEGORIES = 5;
const HOT_AUCTION_STRIDE = 100;
const HOT_BIDDER_STRIDE = 100;
const HOT_SELLER_STRIDE = 100;
const CHANNELS = 10_000;

const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
const US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'];
const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];
const HOT_URLS = HOT_CHANNELS.map((c) => `https://www.nexmark.com/${c.toLowerCase()}/item.htm?query=1`);

export type NexmarkEventType = 'person' | 'auction' | 'bid';

/** Which kind of event number `eventId` is (0-based). */
export function nexmarkEventType(eventId: number): NexmarkEventType {
  const rem = eventId % TOTAL_PROPORTION;
  if (rem < PERSON_PROPORTION) return 'person';
  if (rem < PERSON_PROPORTION + AUCTION_PROPORTION) return 'auction';
  return 'bid';
}

/** 0-based id of the last person generated at or before event `eventId`. */
export function lastBase0PersonId(eventId: number): number {
  const epoch = Math.floor(eventId / TOTAL_PROPORTION);
  let offset = eventId % TOTAL_PROPORTION;
  if (offset >= PERSON_PROPORTION) offset = PERSON_PROPORTION - 1;
  return epoch * PERSON_PROPORTION + offset;
}

/** 0-based id of the last auction generated at or before event `eventId` (−1 before the first). */
export function lastBase0AuctionId(eventId: number): number {
  let epoch = Math.floor(eventId / TOTAL_PROPORTION);
  let offset = eventId % TOTAL_PROPORTION;
  if (offset < PERSON_PROPORTION) {
    epoch--;
    offset = AUCTION_PROPORTION - 1;
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
    offset = AUCTION_PROPORTION - 1;
  } else {
    offset -= PERSON_PROPORTION;
  }
  return epoch * AUCTION_PROPORTION + offset;
}

export class NexmarkGenerator implements Generator {
  readonly name = 'nexmark';
  readonly description = 'Nexmark benchmark persons, auctions and bids (1:3:46), with hot auctions, bidders and sellers.';
  readonly topics = ['persons', 'auctions', 'bids'] as const;

  private i = 0;
  private readonly rng: Prng;
  private readonly timeline: Timeline;

  constructor(private readonly config: DatagenConfig) {
    this.rng = new Prng(config.seed);
    this.timeline = new Timeline(config);
  }

  get index(): number {
    return this.i;
  }

  next(): GeneratedRecord {
    const eventId = this.i++;
    const timestamp = this.timeline.stamp(eventId);
    switch (nexmarkEventType(eventId)) {
      case 'person':
        return this.person(eventId, timestamp);
      case 'auction':
        return this.auction(eventId, timestamp);
      case 'bid':
        return this.bid(eventId, timestamp);
    }
  }

  private person(eventId: number, dateTime: number): GeneratedRecord {
    const rng = this.rng;
    const id = lastBase0PersonId(eventId) + FIRST_PERSON_ID;
    const card = [0, 1, 2, 3].map(() => String(rng.int(10_000)).padStart(4, '0')).join(' ');
    const value = {
      id,
      name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
      emailAddress: `${rng.letters(7)}@${rng.letters(5)}.com`,
      creditCard: card,
      city: rng.pick(US_CITIES),
      state: rng.pick(US_STATES),
      dateTime,
    };
    return { stream: 'persons', key: String(id), value, timestamp: dateTime };
  }

  private auction(eventId: number, dateTime: number): GeneratedRecord {
    const rng = this.rng;
    const id = lastBase0AuctionId(eventId) + FIRST_AUCTION_ID;
    const seller = rng.int(this.config.hotSellersRatio) > 0
      ? Math.floor(lastBase0PersonId(eventId) / HOT_SELLER_STRIDE) * HOT_SELLER_STRIDE
      : this.nextBase0PersonId(eventId);
    const initialBid = this.nextPrice();
    const value = {
      id,
      itemName: rng.letters(20),
      description: rng.letters(100),
      initialBid,
      reserve: initialBid + this.nextPrice(),
      dateTime,
      expires: dateTime + this.nextAuctionLengthMs(eventId),
      seller: seller + FIRST_PERSON_ID,
      category: FIRST_CATEGORY_ID + rng.int(NUM_CATEGORIES),
    };
    return { stream: 'auctions', key: String(id), value, timestamp: dateTime };
  }

  private bid(eventId: number, dateTime: number): GeneratedRecord {
    const rng = this.rng;
    const lastAuction = lastBase0AuctionId(eventId);
    const auction = FIRST_AUCTION_ID + (rng.int(this.config.hotAuctionRatio) > 0
      ? Math.floor(lastAuction / HOT_AUCTION_STRIDE) * HOT_AUCTION_STRIDE
      : this.nextBase0AuctionId(eventId));
    const lastPerson = lastBase0PersonId(eventId);
    // The reference adds 1 to the hot bidder id, which may name a person not generated yet: clamp.
    const bidder = FIRST_PERSON_ID + (rng.int(this.config.hotBiddersRatio) > 0
      ? Math.min(Math.floor(lastPerson / HOT_BIDDER_STRIDE) * HOT_BIDDER_STRIDE + 1, lastPerson)
      : this.nextBase0PersonId(eventId));
    const price = this.nextPrice();
    let channel: string;
    let url: string;
    if (rng.int(2) > 0) {
      const at = rng.int(HOT_CHANNELS.length);
      channel = HOT_CHANNELS[at] ?? 'Google';
      url = HOT_URLS[at] ?? 'https://www.nexmark.com/google/item.htm?query=1';
    } else {
      const n = rng.int(CHANNELS);
      channel = `channel-${n}`;
      url = `https://www.nexmark.com/${rng.letters(5)}/${rng.letters(5)}/${rng.letters(5)}/item.htm?query=1&channel_id=${n}`;
    }
    const value = { auction, bidder, price, channel, url, dateTime };
    return { stream: 'bids', key: String(auction), value, timestamp: dateTime };
  }

  /** A recent (active) person, uniformly; never one not generated yet. */
  private nextBase0PersonId(eventId: number): number {
    const numPeople = lastBase0PersonId(eventId) + 1;
    const active = Math.min(numPeople, this.config.activePersons);
    return numPeople - active + this.rng.int(active);
  }

  /** A recent (in-flight) auction, uniformly; never one not generated yet. */
  private nextBase0AuctionId(eventId: number): number {
    const max = Math.max(lastBase0AuctionId(eventId), 0);
    const min = Math.max(max - this.config.inFlightAuctions, 0);
    return min + this.rng.int(max - min + 1);
  }

  /** Log-uniform price in cents, $1 to $1,000,000 (as the reference PriceGenerator). */
  private nextPrice(): number {
    return Math.round(Math.pow(10, this.rng.float() * 6) * 100);
  }

  private nextAuctionLengthMs(eventId: number): number {
    const eventsForAuctions = Math.floor((this.config.inFlightAuctions * TOTAL_PROPORTION) / AUCTION_PROPORTION);
    const horizon = this.timeline.baseTime(eventId + eventsForAuctions) - this.timeline.baseTime(eventId);
    return 1 + this.rng.int(Math.max(horizon * 2, 1));
  }
}
