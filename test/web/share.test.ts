import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, bytesToBase64Url, decodeShare, encodeShare, isShareFragment, type Settings } from '../../web/lib/share.ts';
import { TEST_SCENARIO } from './fixtures.ts';

const SETTINGS: Settings = { seed: '42', horizonDays: 730, paths: 1000, company: 'BBB', deterministic: true, view: 'ensemble' };

describe('share links (URL fragment)', () => {
  it('round-trips the scenario and the settings, versioned and compressed', async () => {
    const frag = await encodeShare(TEST_SCENARIO, SETTINGS);
    expect(frag.startsWith('dat1=')).toBe(true);
    expect(frag).toMatch(/^dat1=[A-Za-z0-9_-]+$/); // URL-safe, no padding
    expect(frag.length).toBeLessThan(JSON.stringify(TEST_SCENARIO).length); // compressed
    const d = await decodeShare(`#${frag}`);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.payload.scenario).toEqual(TEST_SCENARIO);
    expect(d.payload.settings).toEqual(SETTINGS);
  });

  it('keeps non-ASCII text', async () => {
    const s = { ...TEST_SCENARIO, name: 'Société — ₿ 比特币 ✓' };
    const d = await decodeShare(await encodeShare(s, SETTINGS));
    expect(d.ok && (d.payload.scenario as { name: string }).name).toBe('Société — ₿ 比特币 ✓');
  });

  it('base64url encodes bytes without padding and back', () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const s = bytesToBase64Url(bytes);
    expect(s).not.toMatch(/[+/=]/);
    expect([...base64UrlToBytes(s)]).toEqual([...bytes]);
    expect(bytesToBase64Url(new TextEncoder().encode('a?>'))).toBe('YT8-');
  });

  it('recognises share fragments', () => {
    expect(isShareFragment('#dat1=abc')).toBe(true);
    expect(isShareFragment('dat7=abc')).toBe(true);
    expect(isShareFragment('#main')).toBe(false);
    expect(isShareFragment('')).toBe(false);
  });

  it('reports bad links as issues instead of throwing', async () => {
    const cases: [string, RegExp][] = [
      ['#nothing', /no scenario/],
      ['#dat2=AAAA', /version 2 is not supported/],
      ['#dat1=not*base64', /not base64url/],
      ['#dat1=AAAAAAAA', /could not be decompressed/],
    ];
    for (const [frag, msg] of cases) {
      const d = await decodeShare(frag);
      expect(d.ok, frag).toBe(false);
      if (!d.ok) expect(d.issues[0].message, frag).toMatch(msg);
    }
    const good = await encodeShare(TEST_SCENARIO, SETTINGS);
    const cut = await decodeShare(good.slice(0, Math.floor(good.length / 2)));
    expect(cut.ok).toBe(false);
  });

  it('names the settings field that is wrong', async () => {
    const bad = await encodeShare(TEST_SCENARIO, { ...SETTINGS, horizonDays: -3, view: 'nope' as never });
    const d = await decodeShare(bad);
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.issues.map((i) => i.path).sort()).toEqual(['settings.horizonDays', 'settings.view']);
  });
});
