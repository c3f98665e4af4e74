/**
 * iot: sensor readings `{ sensorId, temperature, humidity, battery }` keyed by sensorId.
 *
 * Sensors report in turn (record i comes from sensor i mod `sensors`). Temperature (°C) and
 * humidity (%) follow mean-reverting random walks around a per-sensor baseline; battery (%) drains
 * slowly and is replaced (back to 100) once it runs low. With `spikeProbability` a reading carries a
 * temperature spike of +15 to +40 °C that does not persist, for alert branches.
 *
 * Invariants: a pure function of the config and the record index; humidity and battery stay in
 * [0, 100]; all numbers are rounded to two decimals.
 */
import type { DatagenConfig } from './config.js';
import { Prng, round2 } from './prng.js';
import { Timeline, type GeneratedRecord, type Generator } from './types.js';

const SPIKE_MIN = 15;
const SPIKE_MAX = 40;
const REVERSION = 0.05;

interface Sensor {
  id: string;
  baseTemperature: number;
  baseHumidity: number;
  temperature: number;
  humidity: number;
  battery: number;
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

export class IotGenerator implements Generator {
  readonly name = 'iot';
  readonly description = 'Sensor readings with per-sensor random walks, slowly draining batteries and occasional temperature spikes.';
  readonly topics = ['readings'] as const;

  private i = 0;
  private readonly rng: Prng;
  private readonly timeline: Timeline;
  private readonly sensors: Sensor[] = [];

  constructor(private readonly config: DatagenConfig) {
    this.rng = new Prng(config.seed);
    this.timeline = new Timeline(config);
    const setup = this.rng.fork();
    for (let s = 0; s < config.sensors; s++) {
      const baseTemperature = setup.between(18, 26);
      const baseHumidity = setup.between(30, 70);
      this.sensors.push({
        id: `sensor-${s + 1}`,
        baseTemperature,
        baseHumidity,
        temperature: baseTemperature,
        humidity: baseHumidity,
        battery: setup.between(40, 100),
      });
    }
  }

  get index(): number {
    return this.i;
  }

  next(): GeneratedRecord {
    const index = this.i++;
    const sensor = this.sensors[index % this.sensors.length];
    if (!sensor) throw new RangeError('iot generator has no sensors');
    const rng = this.rng;

    sensor.temperature += 0.15 * rng.normal() + REVERSION * (sensor.baseTemperature - sensor.temperature);
    sensor.humidity = clamp(sensor.humidity + 0.5 * rng.normal() + REVERSION * (sensor.baseHumidity - sensor.humidity), 0, 100);
    sensor.battery = clamp(sensor.battery - rng.between(0, 0.02), 0, 100);
    if (sensor.battery < 5 && rng.chance(0.01)) sensor.battery = 100;

    const spike = rng.chance(this.config.spikeProbability) ? rng.between(SPIKE_MIN, SPIKE_MAX) : 0;
    return {
      stream: 'readings',
      key: sensor.id,
      value: {
        sensorId: sensor.id,
        temperature: round2(sensor.temperature + spike),
        humidity: round2(sensor.humidity),
        battery: round2(sensor.battery),
      },
      timestamp: this.timeline.stamp(index),
    };
  }
}
