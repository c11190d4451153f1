/** Hash routes of the app's pages (web/lib/routes.ts). */
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from '../../web/lib/routes.ts';

describe('routes', () => {
  it('parses every page and falls back to the simulator', () => {
    expect(parseRoute('')).toEqual({ page: 'sim' });
    expect(parseRoute('#')).toEqual({ page: 'sim' });
    expect(parseRoute('#dat1=abc')).toEqual({ page: 'sim' });
    expect(parseRoute('#/lessons')).toEqual({ page: 'lessons' });
    expect(parseRoute('#/lesson/fgnx')).toEqual({ page: 'lesson', lessonId: 'fgnx', step: 0 });
    expect(parseRoute('#/lesson/fgnx/3')).toEqual({ page: 'lesson', lessonId: 'fgnx', step: 2 });
    expect(parseRoute('#/lesson/fgnx/0')).toEqual({ page: 'lesson', lessonId: 'fgnx', step: 0 });
    expect(parseRoute('#/lesson/<script>')).toEqual({ page: 'lessons' });
    expect(parseRoute('#/teach')).toEqual({ page: 'teach' });
    expect(parseRoute('#/glossary')).toEqual({ page: 'glossary' });
    expect(parseRoute('#/glossary/mnav')).toEqual({ page: 'glossary', target: 'mnav' });
    expect(parseRoute('#/methodology/c-2-fitting-procedure')).toEqual({ page: 'methodology', target: 'c-2-fitting-procedure' });
    expect(parseRoute('#/nope')).toEqual({ page: 'sim' });
    expect(parseRoute('#/glossary/%E0%A4%A')).toEqual({ page: 'glossary' });
  });

  it('round-trips', () => {
    for (const h of ['#/lessons', '#/lesson/sqns/4', '#/teach', '#/glossary/loop-gain', '#/methodology']) expect(routeHash(parseRoute(h))).toBe(h);
    expect(routeHash({ page: 'sim' })).toBe('#');
  });
});
