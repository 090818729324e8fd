// Checks the initial-JS budget (DESIGN.md: ≤ 150 kB gzipped) after `vite build`.
// "Initial" = the entry module script plus its modulepreloads in dist/index.html; lazy chunks and the
// worker are loaded later and are not counted. Usage: node scripts/bundleSize.mjs [distDir]
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 150 * 1000; // kB as Vite reports them (1 kB = 1000 bytes)

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = resolve(repoRoot, process.argv[2] ?? 'dist');
const html = readFileSync(join(distDir, 'index.html'), 'utf8');

/** Value of attribute `name` in one tag's source, or undefined. */
function attr(tag, name) {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

const urls = [];
for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
  const src = attr(tag, 'src');
  if (src && attr(tag, 'type') === 'module') urls.push(src);
}
for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
  const href = attr(tag, 'href');
  if (href && attr(tag, 'rel')?.toLowerCase() === 'modulepreload') urls.push(href);
}
if (urls.length === 0) {
  console.error(`bundleSize: no module script found in ${join(distDir, 'index.html')}`);
  process.exit(1);
}

const kB = (bytes) => (bytes / 1000).toFixed(1).padStart(8);
const rows = [...new Set(urls)].map((url) => {
  if (/^[a-z]+:|^\/\//i.test(url)) {
    console.error(`bundleSize: initial script from another origin is not allowed: ${url}`);
    process.exit(1);
  }
  const file = join(distDir, url.replace(/^\.?\//, '').split(/[?#]/)[0]);
  const source = readFileSync(file);
  return { file: relative(distDir, file), raw: source.length, gzip: gzipSync(source, { level: 9 }).length };
});

const total = rows.reduce((sum, row) => sum + row.gzip, 0);
const nameWidth = Math.max(5, ...rows.map((row) => row.file.length));
console.log(`\nInitial JS (${relative(repoRoot, distDir) || '.'}/index.html)`);
console.log(`${'file'.padEnd(nameWidth)}   raw kB  gzip kB`);
for (const row of rows) console.log(`${row.file.padEnd(nameWidth)} ${kB(row.raw)} ${kB(row.gzip)}`);
console.log(
  `${'total'.padEnd(nameWidth)} ${' '.repeat(8)} ${kB(total)}   (budget ${BUDGET_BYTES / 1000} kB)`,
);

if (total > BUDGET_BYTES) {
  console.error(`bundleSize: initial JS is ${(total / 1000).toFixed(1)} kB gzipped, over the budget.`);
  process.exit(1);
}
