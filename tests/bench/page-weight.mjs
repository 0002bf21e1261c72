// What a page weighs as a visitor downloads it: every file of the site that the page and
// its workers fetched until it was ready, each gzipped at level 9 (as a static host sends
// text and wasm), summed. The files are read from the repository, which the bench server
// serves at `base`; lecture data fetched later (a cell's CSV, MNIST) is not counted.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openPage } from '../open-page.mjs';

/// `{gzip_bytes, files: [{path, gzip_bytes}]}` for `path` (relative to `base`), or null when
/// the repository has no such page. `ready` (an expression, e.g. `window.playground &&
/// window.playground.ready`) is waited for in the page, and the promise it gives awaited.
export async function pageWeight(browser, { base, root, path, ready }) {
  if (!existsSync(resolve(root, path))) return null;
  const urls = new Set();
  const page = await openPage(async () => {
    const p = await browser.newPage();
    // Requests of the page's dedicated workers are reported as the page's.
    p.on('request', (r) => urls.add(r.url().split(/[?#]/)[0]));
    return p;
  }, `${base}${path}`);
  await page.waitForFunction(ready, null, { timeout: 120_000 });
  await page.evaluate(ready);
  await page.close();
  const files = [...urls]
    .filter((u) => u.startsWith(base))
    .map((u) => resolve(root, decodeURIComponent(u.slice(base.length))))
    .filter((file) => existsSync(file))
    .map((file) => ({ path: file.slice(root.length + 1), gzip_bytes: gzipSync(readFileSync(file), { level: 9 }).length }))
    .sort((a, b) => b.gzip_bytes - a.gzip_bytes);
  return { gzip_bytes: files.reduce((sum, f) => sum + f.gzip_bytes, 0), files };
}
