/**
 * ThemeController: the colour theme on <dat-app> (a Lit reactive controller).
 * "auto" follows the system (prefers-color-scheme); "light" and "dark" set
 * `data-theme` on <html> and are remembered in localStorage ("dat-theme").
 * `theme` is the resolved chart palette (chart-setup.ts readTheme), re-read
 * when the mode or, in "auto", the system preference changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { readTheme, type Theme } from './chart-setup.ts';

export type ThemeMode = 'auto' | 'light' | 'dark';

export const THEME_MODES: readonly ThemeMode[] = ['auto', 'light', 'dark'];

/** The localStorage key holding an explicit choice ("auto" is stored as no key). */
export const THEME_STORAGE_KEY = 'dat-theme';

/** The mode a stored value stands for: anything but "light" or "dark" (no value, an old or foreign one) is "auto". */
export function storedThemeMode(value: string | null): ThemeMode {
  return value === 'light' || value === 'dark' ? value : 'auto';
}

/** The theme button's cycle: auto → light → dark → auto. */
export function nextThemeMode(mode: ThemeMode): ThemeMode {
  return THEME_MODES[(THEME_MODES.indexOf(mode) + 1) % THEME_MODES.length];
}

export class ThemeController implements ReactiveController {
  mode: ThemeMode = 'auto';
  theme: Theme | null = null;
  private mql: MediaQueryList | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(THEME_STORAGE_KEY);
    } catch {
      /* storage may be unavailable */
    }
    this.apply(storedThemeMode(stored), false);
    this.mql = window.matchMedia('(prefers-color-scheme: dark)');
    this.mql.addEventListener('change', this.onSystemTheme);
  }

  hostDisconnected(): void {
    this.mql?.removeEventListener('change', this.onSystemTheme);
  }

  /** The theme button: the next mode, remembered. */
  cycle(): void {
    this.apply(nextThemeMode(this.mode));
  }

  private apply(mode: ThemeMode, save = true): void {
    this.mode = mode;
    const root = document.documentElement;
    if (mode === 'auto') delete root.dataset.theme;
    else root.dataset.theme = mode;
    if (save) {
      try {
        if (mode === 'auto') localStorage.removeItem(THEME_STORAGE_KEY);
        else localStorage.setItem(THEME_STORAGE_KEY, mode);
      } catch {
        /* storage may be unavailable */
      }
    }
    this.theme = readTheme();
    this.host.requestUpdate();
  }

  private readonly onSystemTheme = (): void => {
    if (this.mode !== 'auto') return;
    this.theme = readTheme();
    this.host.requestUpdate();
  };
}
