import { it } from 'vitest';
import { useHarness, openPage, type Harness } from './helpers.ts';
let h: Harness;
useHarness((x) => (h = x));
it('smoke', async () => {
  for (const m of [{ n: 'desktop', v: { width: 1280, height: 800 }, c: 'light' as const }, { n: 'phone', v: { width: 390, height: 844 }, c: 'light' as const }, { n: 'dark', v: { width: 1280, height: 800 }, c: 'dark' as const }]) {
    const { page, context, errors } = await openPage(h, { viewport: m.v, colorScheme: m.c });
    await page.evaluate(() => (location.hash = '#/builder'));
    await page.locator('#builder-status').waitFor();
    await page.waitForTimeout(500);
    await page.locator('#f-markets-BTC-dailyVolumeUsd').fill('-5');
    await page.keyboard.press('Tab');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/work/shots/web-builder/smoke-${m.n}.png`, fullPage: false });
    await page.screenshot({ path: `/work/shots/web-builder/smoke-${m.n}-full.png`, fullPage: true });
    console.log(m.n, errors, await page.locator('#builder-status').textContent());
    await context.close();
  }
}, 120000);
