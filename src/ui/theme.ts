/** The console's colour theme: the system's (prefers-color-scheme), or one the administrator pinned. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_KEY = 'flowrunner.theme';

const isTheme = (value: unknown): value is Theme => THEMES.includes(value as Theme);

export function storedTheme(): Theme {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return isTheme(value) ? value : 'system';
  } catch {
    // Storage can be refused (private modes, policies): the system's theme then.
    return 'system';
  }
}

/** The stylesheet follows the system unless <html data-theme> pins light or dark. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function storeTheme(theme: Theme): void {
  applyTheme(theme);
  try {
    if (theme === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Not remembered, still applied.
  }
}
