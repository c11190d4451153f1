/**
 * Parquet output (`--format parquet`), written with hyparquet-writer (pure
 * JavaScript, no native build; bundled into dist/). Typed columns: INT32 for
 * day and point numbers, DATE for dates, DOUBLE for figures, STRING for text;
 * every column nullable (a figure that does not exist, e.g. mNAV without
 * coins, is null). Loaded only when a command asks for parquet.
 *
 * Tables: the daily series of one path (`run`), the series of every path of
 * an ensemble in long form with a `path` column (`mc --record full`), the
 * ensemble summary in long form (`mc`, `merge`), one row per grid point (`sweep`).
 */
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import type { SimResult } from '../simulate.ts';
import type { EnsembleSummary } from '../batch/ensemble.ts';
import { SUMMARY_CSV_HEADER, summaryRows } from '../batch/format.ts';
import { seriesColumns } from './series-csv.ts';
import type { Cell } from './csv.ts';

export type ParquetType = 'INT32' | 'DATE' | 'DOUBLE' | 'STRING' | 'BOOLEAN';
export interface ParquetColumn {
  name: string;
  type: ParquetType;
  data: Cell[];
}


/** A table of typed, nullable columns as the bytes of a Parquet file. */
export function parquetTable(columns: ParquetColumn[], createdBy = 'dat-sim'): Uint8Array {
  const schema = [
    { name: 'root', num_children: columns.length },
    ...columns.map((c) => {
      const base = { name: c.name, repetition_type: 'OPTIONAL' as const };
      switch (c.type) {
        case 'INT32': return { ...base, type: 'INT32' as const };
        case 'DATE': return { ...base, type: 'INT32' as const, converted_type: 'DATE' as const };
        case 'DOUBLE': return { ...base, type: 'DOUBLE' as const };
        case 'BOOLEAN': return { ...base, type: 'BOOLEAN' as const };
        case 'STRING': return { ...base, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const };
      }
    }),
  ];
  const columnData = columns.map((c) => ({
    name: c.name,
    // DATE is days since 1970-01-01; the writer takes Date objects for it.
    data: c.type === 'DATE' ? c.data.map((v) => (v == null ? null : new Date(Date.parse(`${v}T00:00:00Z`)))) : c.data.map((v) => (v === undefined ? null : v)),
  }));
  const writer = new ByteWriter();
  parquetWrite({ writer, columnData, schema, createdBy } as Parameters<typeof parquetWrite>[0]);
  return new Uint8Array(writer.getBuffer());
}

/** The daily series of one path: the columns of `run --format csv`, typed. */
export function seriesParquet(r: SimResult): Uint8Array {
  const cols = seriesColumns(r);
  return parquetTable(cols.map((c) => ({ name: c.name, type: c.type, data: r.dates.map((_d, t) => c.get(t)) })));
}

/** The series of many paths in long form: `path`, then the columns of one path's series. */
export function pathsSeriesParquet(results: readonly SimResult[]): Uint8Array {
  if (!results.length) return parquetTable([{ name: 'path', type: 'INT32', data: [] }]);
  const cols = seriesColumns(results[0]);
  const out: ParquetColumn[] = [{ name: 'path', type: 'INT32', data: [] }, ...cols.map((c) => ({ name: c.name, type: c.type, data: [] as Cell[] }))];
  for (const r of results) {
    const rc = seriesColumns(r);
    for (let t = 0; t < r.dates.length; t++) {
      out[0].data.push(r.path);
      for (let j = 0; j < rc.length; j++) out[j + 1].data.push(rc[j].get(t));
    }
  }
  return parquetTable(out);
}

/** The ensemble summary in long form (the columns of `mc --format csv`). */
export function summaryParquet(s: EnsembleSummary): Uint8Array {
  const types: ParquetType[] = ['STRING', 'STRING', 'STRING', 'STRING', 'INT32', 'DATE', 'DOUBLE', 'STRING'];
  const cols: ParquetColumn[] = SUMMARY_CSV_HEADER.map((name, j) => ({ name, type: types[j], data: [] }));
  for (const row of summaryRows(s)) for (let j = 0; j < row.length; j++) cols[j].data.push(row[j]);
  return parquetTable(cols);
}

/** The type of a column of values: all numbers DOUBLE, all booleans BOOLEAN, else STRING (non-text as JSON). */
export function columnOf(name: string, values: unknown[]): ParquetColumn {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.every((v) => typeof v === 'number')) return { name, type: 'DOUBLE', data: values as Cell[] };
  if (present.every((v) => typeof v === 'boolean')) return { name, type: 'BOOLEAN', data: values as Cell[] };
  return { name, type: 'STRING', data: values.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v))) };
}
