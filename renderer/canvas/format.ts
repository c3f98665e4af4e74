/**
 * Formatting for the canvas: short numbers and rates for badges, and the width and colour of an
 * edge from the records per second flowing along it.
 *
 * Short numbers for badges: `950`, `1.2k`, `3.4M` (one decimal below 10 of a unit, none above),
 * and rates as `1.2k/s`.
 */
export function shortNumber(n: number): string {
  const abs = Math.abs(n);
  const unit = (value: number, suffix: string) => `${value < 10 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value)}${suffix}`;
  if (abs >= 1e9) return unit(n / 1e9, 'G');
  if (abs >= 1e6) return unit(n / 1e6, 'M');
  if (abs >= 1e3) return unit(n / 1e3, 'k');
  return abs < 10 && !Number.isInteger(n) ? n.toFixed(1).replace(/\.0$/, '') : String(Math.round(n));
}

export const formatRate = (perSec: number): string => `${shortNumber(perSec)}/s`;

/** Stroke width of an edge carrying `perSec` records/s: 1.5 px idle, growing with the log of the rate. */
export const edgeWidth = (perSec: number): number => (perSec <= 0 ? 1.5 : Math.min(7, 1.5 + Math.log10(1 + perSec)));

/**
 * Stroke colour of a flowing edge: blue for a trickle, through green and yellow, to orange at
 * 100k records/s and above (hue on a log scale), so busy paths stand out like back-pressure maps.
 */
export function edgeColor(perSec: number): string {
  const heat = Math.min(1, Math.log10(1 + Math.max(0, perSec)) / 5);
  return `hsl(${Math.round(210 - heat * 180)} 85% 58%)`;
}
