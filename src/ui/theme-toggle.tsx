import { useState, type ReactElement } from 'react';
import { MonitorIcon, MoonIcon, SunIcon } from './icons';
import { storedTheme, storeTheme, THEMES, type Theme } from './theme';
import { Tooltip } from './tooltip';

const CHOICES: Record<Theme, { label: string; icon: ReactElement }> = {
  system: { label: 'System theme', icon: <MonitorIcon /> },
  light: { label: 'Light theme', icon: <SunIcon /> },
  dark: { label: 'Dark theme', icon: <MoonIcon /> },
};

/** Three pressed-or-not buttons: follow the system, or pin light or dark; the choice is remembered. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  return (
    <div className="theme-toggle" role="group" aria-label="Theme">
      {THEMES.map((choice) => (
        <Tooltip key={choice} content={CHOICES[choice].label}>
          <button
            type="button"
            className="theme-toggle__button"
            aria-label={CHOICES[choice].label}
            aria-pressed={theme === choice}
            onClick={() => {
              storeTheme(choice);
              setTheme(choice);
            }}
          >
            {CHOICES[choice].icon}
          </button>
        </Tooltip>
      ))}
    </div>
  );
}
