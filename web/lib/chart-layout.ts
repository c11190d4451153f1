/**
 * Pure layout rules for the charts (no DOM, no Chart.js): when a price axis
 * opens on a log scale, where the exchange's minimum-price line goes and how
 * it is labelled, how event labels are stacked in lanes so that none overlap,
 * and how two runs with different start dates share one calendar axis.
 */
import type { ListingRuleSet } from '../../sim/index.ts';

/** Ratio of the largest to the smallest positive finite value above which a price axis opens on a log scale. */
export const LOG_SPAN = 10;

/** True when the positive finite values of the series span more than `ratio`× (max / min > ratio). */
export function logByDefault(seriesList: readonly ArrayLike<number | null>[], ratio = LOG_SPAN): boolean {
  let lo = Infinity, hi = 0;
  for (const a of seriesList) {
    for (let t = 0; t < a.length; t++) {
      const v = a[t];
      if (v === null || !Number.isFinite(v) || v <= 0) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return hi > 0 && hi / lo > ratio;
}

/** A venue minimum below a cent is a placeholder (Metaplanet's Tokyo rule set: "no minimum-price rule"), not a line to draw. */
const PLACEHOLDER_MIN = 0.01;

/**
 * The minimum-price line of a venue, or null when the venue has none.
 * The label names the venue's rule; a discretionary standard (NYSE American)
 * says that its level is an assumption.
 */
export function minPriceLine(rules: ListingRuleSet | undefined): { price: number; label: string } | null {
  if (!rules || !(rules.minPrice >= PLACEHOLDER_MIN)) return null;
  const p = `$${rules.minPrice.toFixed(2)}`;
  if (rules.discretionary) return { price: rules.minPrice, label: `${p} low-price level (${rules.name.replace(/\s*\(.*\)\s*$/, '')}: discretionary rule, level assumed)` };
  return { price: rules.minPrice, label: `${p} minimum (${rules.name})` };
}

/** One label to place: its horizontal pixel extent [x0, x1]. */
export interface LabelExtent {
  x0: number;
  x1: number;
}

/**
 * Greedy lane assignment (labels sorted by x0; each goes into the first lane
 * whose last label ends at least `gap` px before it starts). Two labels in the
 * same lane therefore never overlap. Returns the lane index of each label, in
 * input order.
 */
export function assignLanes(labels: readonly LabelExtent[], gap = 4, blocked: readonly (LabelExtent & { lane: number })[] = []): number[] {
  const order = labels.map((_, i) => i).sort((i, j) => labels[i].x0 - labels[j].x0 || i - j);
  const laneEnd: number[] = [];
  const lane = new Array<number>(labels.length);
  for (const i of order) {
    const { x0, x1 } = labels[i];
    // The lowest lane whose last label ends before this one and that no blocked extent takes here.
    const free = (k: number) => (laneEnd[k] ?? -Infinity) + gap <= x0 && !blocked.some((b) => b.lane === k && x0 < b.x1 + gap && b.x0 < x1 + gap);
    let k = 0;
    while (!free(k)) k++;
    while (laneEnd.length <= k) laneEnd.push(-Infinity);
    laneEnd[k] = x1;
    lane[i] = k;
  }
  return lane;
}

/** Label boxes of the marker row: each marker's label centred on (or clamped beside) its line, in lanes of `laneHeight` px. */
export interface MarkerBox {
  label: string;
  day: number;
  x: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  lane: number;
  shown: boolean;
}

/**
 * Places marker labels of measured width: a label starts just right of its
 * line (or ends just left of it when it would cross the right edge), then
 * lanes are assigned; labels beyond `maxLanes` are hidden (their lines stay,
 * and the event timeline lists them). `avoid`: an extent whose first `lanes`
 * lanes another label takes (the selected day's box at the top of the plot):
 * a marker label there goes to a lane below it. `column`: a strip the height
 * of the plot that another label takes (the teaching chart's rotated
 * "close → stock" label beside its line): a marker label that would start in
 * it starts just past it (or ends just before it at the right edge).
 */
export function layoutMarkers(
  markers: readonly { day: number; label: string; x: number; width: number }[],
  area: { left: number; right: number; top: number },
  laneHeight = 13,
  maxLanes = 6,
  avoid?: { x0: number; x1: number; lanes: number },
  column?: { x0: number; x1: number },
): MarkerBox[] {
  const ext = markers.map((m) => {
    let x0 = m.x + 3;
    if (x0 + m.width > area.right) x0 = m.x - 3 - m.width;
    if (column && x0 < column.x1 && column.x0 < x0 + m.width) {
      x0 = column.x1 + 1;
      if (x0 + m.width > area.right) x0 = column.x0 - 1 - m.width;
    }
    if (x0 < area.left) x0 = area.left;
    return { x0, x1: x0 + m.width };
  });
  const blocked = avoid ? Array.from({ length: avoid.lanes }, (_, lane) => ({ x0: avoid.x0, x1: avoid.x1, lane })) : [];
  const lanes = assignLanes(ext, 4, blocked);
  return markers.map((m, i) => ({
    label: m.label,
    day: m.day,
    x: m.x,
    x0: ext[i].x0,
    x1: ext[i].x1,
    y0: area.top + 2 + lanes[i] * laneHeight,
    y1: area.top + 2 + lanes[i] * laneHeight + laneHeight - 2,
    lane: lanes[i],
    shown: lanes[i] < maxLanes,
  }));
}

/** Whether any two shown boxes overlap (used by the tests and as a runtime self-check). */
export function anyOverlap(boxes: readonly { x0: number; x1: number; y0: number; y1: number; shown?: boolean }[]): boolean {
  const b = boxes.filter((x) => x.shown !== false);
  for (let i = 0; i < b.length; i++)
    for (let j = i + 1; j < b.length; j++)
      if (b[i].x0 < b[j].x1 && b[j].x0 < b[i].x1 && b[i].y0 < b[j].y1 && b[j].y0 < b[i].y1) return true;
  return false;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);

/**
 * One calendar axis for two daily runs: all dates from the earlier start to
 * the later end, and the offset of each run's day 0 on it.
 */
export function alignCalendars(a: readonly string[], b: readonly string[]): { dates: string[]; offA: number; offB: number } {
  const a0 = dayNumber(a[0]), b0 = dayNumber(b[0]);
  const start = Math.min(a0, b0);
  const end = Math.max(a0 + a.length - 1, b0 + b.length - 1);
  const dates: string[] = [];
  for (let d = start; d <= end; d++) dates.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
  return { dates, offA: a0 - start, offB: b0 - start };
}

/** A series placed at `off` on an axis of `n` days (null outside it). */
export function shift(a: ArrayLike<number | null>, off: number, n: number): (number | null)[] {
  const out = new Array<number | null>(n).fill(null);
  for (let t = 0; t < a.length && t + off < n; t++) if (t + off >= 0) out[t + off] = a[t];
  return out;
}
