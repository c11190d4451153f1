import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../src/schema.ts';
import { loadScenarioFile } from '../src/node/files.ts';
import { RULE_VARIABLE_ORDER } from '../sim/engine.ts';
import { RULE_VARIABLES } from '../sim/expr.ts';
import { MARKET_PRESETS } from '../src/presets/defaults.ts';
import { resolveScenario } from '../src/resolve.ts';

describe('scenario schema', () => {
  it('scenarios/scenario.schema.json is current (run `npm run schema` after changing src/schema.ts)', () => {
    const onDisk = readFileSync('scenarios/scenario.schema.json', 'utf8');
    expect(onDisk).toBe(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
  });

  it('documents units and defaults for editors', () => {
    const text = JSON.stringify(scenarioJsonSchema());
    expect(text).toContain('"unit":"USD/day"');
    expect(text).toContain('Daily real spot volume V');
  });

  it('every saved scenario validates, names its schema, and cites sources', () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const raw = JSON.parse(readFileSync(`scenarios/${f}`, 'utf8'));
      expect(raw.$schema, f).toBe('./scenario.schema.json');
      expect(() => loadScenarioFile(`scenarios/${f}`), f).not.toThrow();
      for (const c of raw.companies) expect(Object.keys(c.sources ?? {}).length, `${f} ${c.ticker}`).toBeGreaterThan(3);
    }
  });

  it('the engine reads rule variables in the compiler order', () => {
    expect([...RULE_VARIABLE_ORDER]).toEqual([...RULE_VARIABLES]);
  });

  it('fills defaults from presets: a bare BTC market is the BTC preset', () => {
    const r = resolveScenario({ schemaVersion: 1, id: 'x', name: 'x', startDate: '2025-11-21', markets: { BTC: {} }, companies: [] });
    const { source: _s, ...preset } = MARKET_PRESETS.BTC;
    expect(r.markets[0]).toMatchObject(preset);
    expect(r.horizonDays).toBe(365);
  });
});
