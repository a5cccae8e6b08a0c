import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { permissionsDialog, SEND_WELCOME, useApp, WAIT } from './helpers';

/**
 * The README's screenshot. Every run takes it (so it keeps working); it replaces
 * docs/screenshot-permissions.png only when asked:
 *   UPDATE_SCREENSHOTS=1 npx vitest run --project browser test/browser/screenshot.test.ts
 */
const OUT_DIR = process.env.UPDATE_SCREENSHOTS ? resolve('docs') : mkdtempSync(join(tmpdir(), 'screenshots-'));
const VIEWPORT = { width: 1280, height: 860 };

function pngSize(file: string) {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('README screenshot', () => {
  const openApp = useApp();

  it('shows the Permissions modal of Send Welcome Email on its users tab', async () => {
    const { page } = await openApp('', { viewport: VIEWPORT });
    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();
    const dialog = permissionsDialog(page);
    const list = dialog.getByRole('list', { name: 'Users' });
    // The rows whose icons show every state: explicit grant and deny, inherited grant and deny.
    for (const name of [
      'Ana Rossi: granted',
      'Farid Patel: denied',
      'Yara Moreau: inherited (granted)',
      'Tariq Nguyen: inherited (denied)',
    ]) {
      await list.getByRole('button', { name, exact: true }).first().waitFor({ timeout: WAIT });
    }
    await dialog.getByText('300 users').waitFor({ timeout: WAIT });
    // No hover, no tooltip, no focus ring: the picture of the modal at rest.
    await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
    await page.evaluate(async () => {
      (document.activeElement as HTMLElement | null)?.blur();
      await document.fonts.ready;
    });
    await page.getByRole('tooltip').waitFor({ state: 'detached', timeout: WAIT });

    const file = join(OUT_DIR, 'screenshot-permissions.png');
    await page.screenshot({ path: file, animations: 'disabled' });
    expect(pngSize(file)).toEqual(VIEWPORT);
  });
});
