/**
 * Issue 14: a few hundred generated links and CSV files on one page, within a minute. Whatever
 * comes in, the page raises no error, asks no other origin, never shows "NaN" or "Infinity", and
 * keeps its status line. Seeded (createRng), so a failure replays with the same inputs.
 */
import { describe, expect, test } from 'vitest';
import { createRng, type Rng } from '../../src/engine';
import { chromiumAvailable, openApp, statusLine, useApp } from './harness';

const SEED = 14;
const LINKS = 200;
const FILES = 100;

const KEYS = [
  'dataset',
  'classes',
  'noise',
  'trainPercent',
  'datasetSize',
  'features',
  'hiddenLayers',
  'activation',
  'output',
  'init',
  'initScale',
  'seed',
  'learningRate',
  'optimizer',
  'batchSize',
  'regularization',
  'regularizationRate',
  'step',
  'phase',
  'speed',
  'discretize',
  'showTestPoints',
  'bogus',
];
const VALUES = [
  '',
  '0',
  '-1',
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '1.5',
  '3',
  '10537014',
  '99999999999',
  '%',
  '%E0%A4%A',
  '%00',
  'spiral-k',
  'linear-mse',
  'softmax-ce',
  'tanh',
  'relu',
  'x1,x2',
  '256,256,256',
  ',,,',
  'max',
  'backward-9',
  'forward-1',
  'true',
  'maybe',
  '<script>',
  '😀',
  'a'.repeat(300),
];
const FIELDS = ['0', '1', '2', '-3.5', '0.25', '1e999', 'NaN', 'abc', '', '1.1e308', '4', '5', '1e6', ' 7 '];

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng.next() * list.length)];
}

function randomLink(rng: Rng): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(rng.next() * 5);
  for (let i = 0; i < n; i++) parts.push(`${pick(rng, KEYS)}=${pick(rng, VALUES)}`);
  return parts.join(rng.next() < 0.1 ? '&&' : '&');
}

function randomCsv(rng: Rng): string {
  const kind = Math.floor(rng.next() * 6);
  if (kind === 0) return '';
  if (kind === 1) return '1,2,0\n';
  const header = pick(rng, ['', 'x1,x2,label\n', '\uFEFFx1,x2,y\r\n', 'a;b;c\n', 'x1,x2\n']);
  const rows = 2 + Math.floor(rng.next() * 30);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const clean = kind >= 4;
    const field = () => (clean ? String(Math.floor(rng.next() * 3)) : pick(rng, FIELDS));
    lines.push([field(), field(), field()].join(','));
  }
  return header + lines.join(rng.next() < 0.5 ? '\n' : '\r\n');
}

describe.skipIf(!chromiumAvailable())('fuzz: generated links and CSV files', () => {
  const app = useApp();

  test(`${LINKS} links and ${FILES} files (seed ${SEED}): no error, no other origin, no NaN`, async () => {
    const rng = createRng(SEED);
    const page = await app.browser.context.newPage();
    const problems = await openApp(page);
    await statusLine(page).waitFor();
    const badText = async (what: string) => {
      // A notice may quote what the link or file said (speed="Infinity", 'NaN'); computed text may not.
      const text = (await page.locator('body').innerText()).replace(/"[^"\n]*"|'[^'\n]*'/g, '""');
      const found = /\bNaN\b|Infinity/.exec(text);
      expect(found, `${what}: "${found?.[0]}" on the page`).toBeNull();
      expect(await statusLine(page).count(), `${what}: the status line`).toBe(1);
    };

    for (let i = 0; i < LINKS; i++) {
      const link = randomLink(rng);
      await page.evaluate((hash) => {
        location.hash = hash;
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      }, link);
      if (i % 10 === 9) await badText(`link #${link}`);
    }

    const input = page.getByLabel('Import CSV');
    for (let i = 0; i < FILES; i++) {
      const text = randomCsv(rng);
      await input.setInputFiles({ name: `fuzz-${i}.csv`, mimeType: 'text/csv', buffer: Buffer.from(text) });
      if (i % 5 === 4) await badText(`file ${JSON.stringify(text.slice(0, 80))}`);
    }
    await badText('the end');

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.externalRequests).toEqual([]);
  }, 120_000);
});
