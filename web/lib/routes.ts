/**
 * The app's pages as hash routes (share links "#dat1=..." stay the
 * simulator's):
 *
 *   #  or anything else      the simulator
 *   #/lessons                 the lessons
 *   #/lesson/<id>[/<n>]       lesson <id> at step n (1-based)
 *   #/teach                   teaching mode on the simulator's scenario
 *   #/glossary[/<term>]       the glossary (scrolled to a term)
 *   #/methodology[/<anchor>]  docs/methodology.md and docs/calibration.md
 *   #/analysis                sensitivity tornado and stress grid of the simulator's scenario
 *   #/builder                 the scenario builder
 *
 * Pure. LESSON_LINKS is the start page's list (kept here so the lessons
 * themselves stay in the lazy teaching chunk; a unit test checks it against
 * web/lessons).
 */

export type Page = 'sim' | 'lessons' | 'lesson' | 'teach' | 'glossary' | 'methodology' | 'analysis' | 'builder';

export interface Route {
  page: Page;
  lessonId?: string;
  /** 0-based step. */
  step?: number;
  /** Glossary term or methodology anchor. */
  target?: string;
}

export const LESSON_LINKS: readonly { id: string; label: string; title: string }[] = [
  { id: 'fgnx', label: 'FG Nexus', title: 'Buying back stock below NAV, then cutting losses' },
  { id: 'rules', label: 'The $1 rules', title: 'The notice, the compliance period, a reverse split, the cure' },
  { id: 'dollar', label: 'The $1 spiral', title: 'A notice, a defence paid in coins, and a stock that cannot hold' },
  { id: 'sqns', label: 'Sequans', title: 'Selling bitcoin to repay secured debt; the ADS ratio change' },
  { id: 'bmnr', label: 'BitMine', title: 'Holding through paper losses' },
  { id: 'contagion', label: 'Contagion', title: 'Every treasury on one coin' },
];

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export function parseRoute(hash: string): Route {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h.startsWith('/')) return { page: 'sim' };
  const parts = h.slice(1).split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  switch (parts[0]) {
    case 'lessons':
      return { page: 'lessons' };
    case 'lesson': {
      if (!parts[1] || !ID.test(parts[1])) return { page: 'lessons' };
      const n = Number(parts[2]);
      return { page: 'lesson', lessonId: parts[1], step: Number.isInteger(n) && n >= 1 ? n - 1 : 0 };
    }
    case 'teach':
      return { page: 'teach' };
    case 'analysis':
      return { page: 'analysis' };
    case 'builder':
      return { page: 'builder' };
    case 'glossary':
      return parts[1] && ID.test(parts[1]) ? { page: 'glossary', target: parts[1] } : { page: 'glossary' };
    case 'methodology':
      return parts[1] && ID.test(parts[1]) ? { page: 'methodology', target: parts[1] } : { page: 'methodology' };
    default:
      return { page: 'sim' };
  }
}

export function routeHash(r: Route): string {
  switch (r.page) {
    case 'sim':
      return '#';
    case 'lesson':
      return `#/lesson/${r.lessonId}/${(r.step ?? 0) + 1}`;
    default:
      return `#/${r.page}${r.target ? `/${encodeURIComponent(r.target)}` : ''}`;
  }
}
