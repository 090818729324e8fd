/**
 * index.html's static shell (what paints before the script runs) says what the app's own header
 * says, so the first paint and the app never disagree.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADLINE } from '../../src/app/App';

const html = readFileSync(resolve(__dirname, '../../index.html'), 'utf8');

describe('index.html shell', () => {
  it('shows the title and the app’s headline before the script runs', () => {
    const root = /<div id="root">([\s\S]*?)<\/div>\s*<noscript>/.exec(html)?.[1] ?? '';
    expect(root).toContain('<h1>Backprop Lab</h1>');
    const headline = /<p class="app-headline">([\s\S]*?)<\/p>/.exec(root)?.[1].replace(/\s+/g, ' ').trim();
    expect(headline).toBe(HEADLINE);
  });
});
