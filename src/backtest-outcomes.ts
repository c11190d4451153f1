/**
 * Outcomes files for `dat-sim backtest`: what really happened after a
 * forecast's date, in JSON or CSV (README.md "Backtest" documents both).
 * Pure: parsing and checking only, no IO.
 *
 * JSON:
 *   {
 *     "outcomesVersion": 1,
 *     "description": "...",                                   (optional)
 *     "coinPrices": [{ "coin": "BTC", "date": "2025-11-21", "price": 84000, "source": "..." }],
 *     "events":     [{ "ticker": "SQNS", "kind": "coinSale", "date": "2025-11-04", "coins": 970,
 *                      "occurred": true, "from": "2025-10-06", "source": "..." }],
 *     "figures":    [{ "ticker": "SQNS", "kind": "stockPrice", "date": "2025-11-04", "value": 5.92, "source": "..." }]
 *   }
 *
 * CSV (RFC 4180, header required, one outcome per row):
 *   section,date,subject,kind,value,from,occurred,source
 *   coinPrice,2025-11-21,BTC,price,84000,,,<source>
 *   event,2025-11-04,SQNS,coinSale,970,,true,<source>
 *   figure,2025-11-04,SQNS,stockPrice,5.92,,,<source>
 * `subject` is the coin for coinPrice rows and the ticker otherwise; for
 * events `value` is the optional coin count of a coinSale.
 */
import { z } from 'zod';
import { dateToOrdinal, describeValue, isValidIsoDate, ordinalToDate, type ResolvedScenario } from '../sim/index.ts';
import { ScenarioError, formatPath, type ScenarioIssue } from './resolve.ts';

/** Event kinds an outcome can name, and the engine event each one is scored against. */
export const OUTCOME_EVENT_KINDS = ['coinSale', 'coinPurchase', 'buyback', 'notice', 'reverseSplit', 'delisting'] as const;
export type OutcomeEventKind = (typeof OUTCOME_EVENT_KINDS)[number];
/** Figure kinds: the company series each one is read from. */
export const OUTCOME_FIGURE_KINDS = ['stockPrice', 'mnav', 'coins'] as const;
export type OutcomeFigureKind = (typeof OUTCOME_FIGURE_KINDS)[number];

const date = z.string().refine(isValidIsoDate, { message: 'expected a calendar date written YYYY-MM-DD' });
const source = z.string().min(1, { message: 'expected the source of this outcome (a URL or a facts reference)' });

const CoinPriceSchema = z.object({ coin: z.string().min(1), date, price: z.number().positive(), source }).strict();
const EventSchema = z
  .object({
    ticker: z.string().min(1),
    kind: z.enum(OUTCOME_EVENT_KINDS),
    /** The event's date; for an event that did not occur, the end of the period checked. */
    date,
    /** Start of the period checked (default: the scenario's start date). */
    from: date.optional(),
    /** coinSale only: the proposition is "sold at least this many coins over the period" (default: any sale). */
    coins: z.number().positive().optional(),
    /** Did it happen (default true)? */
    occurred: z.boolean().default(true),
    source,
  })
  .strict();
const FigureSchema = z.object({ ticker: z.string().min(1), kind: z.enum(OUTCOME_FIGURE_KINDS), date, value: z.number().nonnegative(), source }).strict();

export const OutcomesSchema = z
  .object({
    outcomesVersion: z.literal(1),
    description: z.string().optional(),
    coinPrices: z.array(CoinPriceSchema).default([]),
    events: z.array(EventSchema).default([]),
    figures: z.array(FigureSchema).default([]),
  })
  .strict();

export type Outcomes = z.output<typeof OutcomesSchema>;
export type CoinPriceOutcome = Outcomes['coinPrices'][number];
export type EventOutcome = Outcomes['events'][number];
export type FigureOutcome = Outcomes['figures'][number];

/** A bad outcomes file: the message names the file, each field path and what was expected (CLI exit 2). */
export class OutcomesError extends ScenarioError {
  constructor(issues: ScenarioIssue[], file?: string) {
    super(issues, file);
    this.name = 'OutcomesError';
    this.message = `invalid outcomes file${file ? ` ${file}` : ''}:\n  ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('\n  ')}`;
  }
}

/** Where a JSON path came from in the CSV text, for messages ("line 7, value"). */
type Locate = (path: readonly PropertyKey[]) => string;
/** Outcomes parsed from CSV remember their lines, so later checks name them too. */
const CSV_LOCATE = new WeakMap<Outcomes, Locate>();

function check(input: unknown, file: string | undefined, locate: Locate): Outcomes {
  const parsed = OutcomesSchema.safeParse(input);
  if (!parsed.success) {
    throw new OutcomesError(parsed.error.issues.map((i) => {
      let message = i.message;
      if (i.code === 'unrecognized_keys') message = `unknown field(s) ${i.keys.map((k) => `"${k}"`).join(', ')}; expected outcomesVersion, description, coinPrices, events, figures (README.md "Backtest")`;
      else if (i.path.length === 1 && i.path[0] === 'outcomesVersion') message = 'expected "outcomesVersion": 1 (is this an outcomes file? README.md "Backtest" describes the format)';
      return { path: locate(i.path), message };
    }), file);
  }
  const o = parsed.data;
  if (!o.coinPrices.length && !o.events.length && !o.figures.length) throw new OutcomesError([{ path: '', message: 'no outcomes: expected at least one of coinPrices, events, figures' }], file);
  return o;
}

/** Parse an outcomes file's JSON text. */
export function parseOutcomesJson(text: string, file?: string): Outcomes {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    throw new OutcomesError([{ path: '', message: `not valid JSON (${(e as Error).message})` }], file);
  }
  return check(input, file, formatPath);
}

/** RFC 4180 records (quoted cells may hold commas, quotes doubled, line breaks); returns rows with their 1-based line. */
export function parseCsvRecords(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [], cell = '', quoted = false, line = 1, rowLine = 1, i = 0, any = false;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') { quoted = true; any = true; }
    else if (ch === ',') { cells.push(cell); cell = ''; any = true; }
    else if (ch === '\r' && text[i + 1] === '\n') continue;
    else if (ch === '\n' || ch === '\r') {
      cells.push(cell);
      if (any || cells.some((c) => c !== '')) rows.push({ line: rowLine, cells });
      cells = []; cell = ''; any = false; line++; rowLine = line;
    } else { cell += ch; any = true; }
  }
  if (quoted) throw new Error(`line ${rowLine}: a quoted cell is not closed`);
  cells.push(cell);
  if (any || cells.some((c) => c !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

export const OUTCOMES_CSV_HEADER = ['section', 'date', 'subject', 'kind', 'value', 'from', 'occurred', 'source'] as const;

/** Parse an outcomes file's CSV text into the same structure as the JSON form (then checked by the same schema). */
export function parseOutcomesCsv(text: string, file?: string): Outcomes {
  let records: { line: number; cells: string[] }[];
  try {
    records = parseCsvRecords(text);
  } catch (e) {
    throw new OutcomesError([{ path: '', message: (e as Error).message }], file);
  }
  if (!records.length) throw new OutcomesError([{ path: '', message: `empty file; expected a header row ${OUTCOMES_CSV_HEADER.join(',')}` }], file);
  const header = records[0].cells.map((h) => h.trim());
  const missing = OUTCOMES_CSV_HEADER.filter((h) => h !== 'from' && h !== 'occurred' && !header.includes(h));
  const unknown = header.filter((h) => !(OUTCOMES_CSV_HEADER as readonly string[]).includes(h));
  if (missing.length || unknown.length) {
    throw new OutcomesError([{ path: 'line 1', message: `header ${missing.length ? `lacks ${missing.join(', ')}` : ''}${missing.length && unknown.length ? ' and ' : ''}${unknown.length ? `has unknown column(s) ${unknown.join(', ')}` : ''}; expected ${OUTCOMES_CSV_HEADER.join(',')}` }], file);
  }
  const col = (cells: string[], name: string) => {
    const k = header.indexOf(name);
    const v = k >= 0 ? (cells[k] ?? '').trim() : '';
    return v.startsWith("'") && /^'[=+\-@]/.test(v) ? v.slice(1) : v; // undo the formula guard of src/output/csv.ts
  };
  const out = { outcomesVersion: 1, coinPrices: [] as unknown[], events: [] as unknown[], figures: [] as unknown[] };
  const lines = { coinPrices: [] as number[], events: [] as number[], figures: [] as number[] };
  const issues: ScenarioIssue[] = [];
  const num = (s: string): unknown => (s === '' ? undefined : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : s);
  for (const r of records.slice(1)) {
    if (r.cells.length !== header.length) {
      issues.push({ path: `line ${r.line}`, message: `${r.cells.length} cells, expected ${header.length} (the header's columns)` });
      continue;
    }
    const section = col(r.cells, 'section');
    const base = { date: col(r.cells, 'date'), source: col(r.cells, 'source') };
    if (section === 'coinPrice') {
      const kind = col(r.cells, 'kind');
      if (kind !== '' && kind !== 'price') issues.push({ path: `line ${r.line}, kind`, message: `expected "price" or empty for a coinPrice row, got "${kind}"` });
      out.coinPrices.push({ coin: col(r.cells, 'subject'), price: num(col(r.cells, 'value')), ...base });
      lines.coinPrices.push(r.line);
    } else if (section === 'event') {
      const occ = col(r.cells, 'occurred');
      const from = col(r.cells, 'from');
      out.events.push({
        ticker: col(r.cells, 'subject'), kind: col(r.cells, 'kind'), ...base,
        ...(from ? { from } : {}),
        ...(col(r.cells, 'value') !== '' ? { coins: num(col(r.cells, 'value')) } : {}),
        ...(occ === '' ? {} : { occurred: occ === 'true' ? true : occ === 'false' ? false : occ }),
      });
      lines.events.push(r.line);
    } else if (section === 'figure') {
      out.figures.push({ ticker: col(r.cells, 'subject'), kind: col(r.cells, 'kind'), value: num(col(r.cells, 'value')), ...base });
      lines.figures.push(r.line);
    } else {
      issues.push({ path: `line ${r.line}, section`, message: `expected coinPrice, event or figure, got "${section}"` });
    }
  }
  if (issues.length) throw new OutcomesError(issues, file);
  const csvName: Record<string, string> = { coin: 'subject', ticker: 'subject', price: 'value', coins: 'value' };
  const locate: Locate = (path) => {
    const [sec, idx, field] = path;
    const ls = lines[sec as keyof typeof lines];
    if (!ls || typeof idx !== 'number') return formatPath(path);
    return `line ${ls[idx]}${field !== undefined ? `, ${csvName[String(field)] ?? String(field)}` : ''}`;
  };
  const parsed = check(out, file, locate);
  CSV_LOCATE.set(parsed, locate);
  return parsed;
}

/** Parse by file name: .csv is CSV, anything else JSON. */
export function parseOutcomes(text: string, file = 'outcomes.json'): Outcomes {
  return /\.csv$/i.test(file) ? parseOutcomesCsv(text, file) : parseOutcomesJson(text, file);
}

/** The scenario's first and last simulated dates. */
export function scenarioWindow(s: ResolvedScenario): { first: string; last: string } {
  const start = dateToOrdinal(s.startDate);
  return { first: s.startDate, last: ordinalToDate(start + s.horizonDays - 1) };
}

/**
 * Check an outcomes file against the scenario it scores: every ticker and coin
 * in the scenario, every date inside its simulated days, periods in order, a
 * coin count only on coin sales. Throws OutcomesError listing every problem.
 */
export function checkOutcomesAgainst(o: Outcomes, s: ResolvedScenario, file?: string): void {
  if (!(o && typeof o === 'object' && Array.isArray(o.coinPrices) && Array.isArray(o.events) && Array.isArray(o.figures))) {
    throw new OutcomesError([{ path: '', message: `expected outcomes from loadOutcomes or parseOutcomes, got ${describeValue(o)}` }], file);
  }
  const found: ScenarioIssue[] = [];
  const { first, last } = scenarioWindow(s);
  const tickers = s.companies.map((c) => c.ticker);
  const coins = s.markets.map((m) => m.coin);
  const inside = (d: string, path: string) => {
    if (d < first || d > last) found.push({ path, message: `${d} is outside the scenario ${s.id} (${first} to ${last}); expected a date in that range` });
  };
  o.coinPrices.forEach((c, i) => {
    if (!coins.includes(c.coin)) found.push({ path: `coinPrices[${i}].coin`, message: `unknown coin "${c.coin}"; the scenario's markets are ${coins.join(', ')}` });
    inside(c.date, `coinPrices[${i}].date`);
  });
  o.events.forEach((e, i) => {
    if (!tickers.includes(e.ticker)) found.push({ path: `events[${i}].ticker`, message: `unknown ticker "${e.ticker}"; the scenario's companies are ${tickers.join(', ') || '(none)'}` });
    inside(e.date, `events[${i}].date`);
    if (e.from !== undefined) {
      inside(e.from, `events[${i}].from`);
      if (e.from > e.date) found.push({ path: `events[${i}].from`, message: `${e.from} is after the event's date ${e.date}; expected from <= date` });
    }
    if (e.coins !== undefined && e.kind !== 'coinSale') found.push({ path: `events[${i}].coins`, message: `a coin count applies to coinSale events only, not ${e.kind}` });
  });
  o.figures.forEach((f, i) => {
    if (!tickers.includes(f.ticker)) found.push({ path: `figures[${i}].ticker`, message: `unknown ticker "${f.ticker}"; the scenario's companies are ${tickers.join(', ') || '(none)'}` });
    inside(f.date, `figures[${i}].date`);
  });
  if (!found.length) return;
  const locate = CSV_LOCATE.get(o);
  const toPath = (p: string): string => {
    const m = /^(coinPrices|events|figures)\[(\d+)\]\.(\w+)$/.exec(p);
    return locate && m ? locate([m[1], Number(m[2]), m[3]]) : p;
  };
  throw new OutcomesError(found.map((i) => ({ ...i, path: toPath(i.path) })), file);
}
