// What a hostile or unusual input cannot do: a share link that inflates to gigabytes, a CSV
// with decimal commas read as text, a 200 MB CSV by URL read before it is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import zlib from 'node:zlib';
import { launch, openPlayground, until } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// `total` bytes of spaces, deflate-raw compressed as share.js's links are, streamed so that
/// the spaces are never whole in memory (1.4 GB of them pack into ~1.4 MB).
async function deflatedSpaces(total) {
  const deflate = zlib.createDeflateRaw({ level: 9, strategy: zlib.constants.Z_RLE });
  const parts = [];
  deflate.on('data', (c) => parts.push(c));
  const ended = new Promise((resolve, reject) => { deflate.on('end', resolve); deflate.on('error', reject); });
  const block = Buffer.alloc(Math.min(total, 64 << 20), 0x20);
  for (let left = total; left > 0; left -= block.length) {
    const piece = left >= block.length ? block : block.subarray(0, left);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return Buffer.concat(parts);
}

const base64url = (bytes) => bytes.toString('base64url');

/// The time an evaluate round-trip takes: a frozen page would not answer.
async function roundTrip(page) {
  const t0 = Date.now();
  await page.evaluate(() => 1 + 1);
  return Date.now() - t0;
}

test('a share link of ~2 MB of deflated spaces is refused at once; the page stays responsive and loads the default lesson', async () => {
  // Chromium takes URLs up to 2 MB: ~1.4 MB deflated is ~1.9 MB of base64url, and would
  // inflate to 1.4 GB.
  const bomb = await deflatedSpaces(1400 << 20);
  const fragment = base64url(bomb);
  assert.ok(bomb.length > 1.3e6 && fragment.length < 2_000_000, `${bomb.length} bytes, ${fragment.length} characters`);
  const t0 = Date.now();
  const page = await openPlayground(browser, { locale: 'ko-KR', query: `#s=${fragment}` });
  const opened = Date.now() - t0;
  assert.ok(await roundTrip(page) < 1000, 'an evaluate answers within a second');
  const state = await page.evaluate(() => window.playground.state());
  assert.equal(state.lesson, 'iris');
  assert.match(state.message, /링크.*너무 큽니다/);
  assert.match(await page.textContent('#message'), /링크.*너무 큽니다/);
  // The inflater itself stops as soon as the output passes its limit, cancelling the rest:
  // fed the whole 1.4 MB (which decodeState refuses unread), it gives up within a second.
  const inflating = await page.evaluate(async (text) => {
    const { inflateLimited, TooBig } = await import('./js/share.js');
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const t = performance.now();
    try {
      await inflateLimited(bytes, 64 * 1024);
      return { refused: false };
    } catch (e) {
      return { refused: e instanceof TooBig, ms: performance.now() - t };
    }
  }, bomb.toString('base64'));
  assert.equal(inflating.refused, true);
  assert.ok(inflating.ms < 1000, `inflating stopped after ${inflating.ms} ms`);
  assert.ok(await roundTrip(page) < 1000);
  // What a whole inflate would have filled (the link's 1.4 GB of text) stays out of the heap.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapTotalSize').value;
  assert.ok(heap < 300e6, `JavaScript heap ${Math.round(heap / 1e6)} MB`);
  assert.deepEqual(page.errors, []);
  console.log(`opened in ${opened} ms; the inflater stopped after ${inflating.ms.toFixed(0)} ms`);
  await page.context().close();
});

test('a short link that inflates past 64 KB is stopped while inflating, with the too-big message', async () => {
  // 60 KB of link, 60 MB inflated: short enough to be read, so the streaming limit stops it.
  const bomb = await deflatedSpaces(60 << 20);
  assert.ok(bomb.length < 64 * 1024);
  const page = await openPlayground(browser, { locale: 'en-US', query: `#s=${base64url(bomb)}` });
  assert.ok(await roundTrip(page) < 1000);
  const state = await page.evaluate(() => window.playground.state());
  assert.equal(state.lesson, 'iris');
  assert.match(state.message, /link's setup is too big/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a CSV with semicolons and decimal commas, picked in the file input, trains on numbers', async () => {
  const rows = ['age;height;weight'];
  for (let i = 0; i < 30; i++) {
    const height = 1.5 + (i % 10) * 0.04;
    rows.push(`${20 + i};${height.toFixed(2).replace('.', ',')};${(50 + 20 * (height - 1.5) + i / 4).toFixed(1).replace('.', ',')}`);
  }
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.setInputFiles('#file', { name: 'heights.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await page.waitForFunction(() => window.playground.state().data?.name === 'heights.csv');
  const state = await page.evaluate(() => window.playground.state());
  assert.deepEqual(state.data.columns, ['age', 'height', 'weight']);
  // Two numeric inputs; one-hot encoding would have given a column per distinct height.
  assert.deepEqual(state.data.input_shape, [2]);
  assert.equal(state.data.task.kind, 'regression');
  assert.deepEqual(state.errors, []);
  // The preview shows the cells as the file writes them.
  assert.equal(await page.textContent('#preview tbody tr:first-child td:nth-child(2)'), '1,50');
  const h = await page.evaluate(() => window.playground.train());
  assert.ok(h.history.loss.every(Number.isFinite));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/// A server of a CSV that claims `length` bytes (or sends no length) and sends them slowly,
/// counting what it sent and whether the client went away.
async function bigCsvServer({ announce }) {
  const served = { bytes: 0, closed: false, requests: 0 };
  const server = createServer((req, res) => {
    served.requests += 1;
    const headers = { 'content-type': 'text/csv', 'access-control-allow-origin': '*' };
    if (announce) headers['content-length'] = String(announce);
    res.writeHead(200, headers);
    res.write('a,b\n');
    served.bytes += 4;
    const line = Buffer.from('1,2\n'.repeat(16384));
    // Without a length, as fast as the client reads (never more than node's buffer ahead);
    // with one, a trickle that never ends.
    const timer = setInterval(() => {
      do {
        res.write(line);
        served.bytes += line.length;
      } while (!announce && !res.writableNeedDrain);
    }, announce ? 500 : 1);
    res.on('close', () => { served.closed = true; clearInterval(timer); });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { served, url: `http://127.0.0.1:${server.address().port}/big.csv`, close: () => { server.closeAllConnections(); server.close(); } };
}

test('a 200 MB CSV by URL is refused from its Content-Length, before its body is read', async () => {
  const big = await bigCsvServer({ announce: 200_000_000 });
  const page = await openPlayground(browser, { locale: 'en-US' });
  const before = await page.evaluate(() => window.playground.state().data?.name ?? null);
  try {
    const t0 = Date.now();
    await page.fill('#url', big.url);
    await page.click('#url-form button[type=submit]');
    await page.waitForFunction(() => /200 MB/.test(document.getElementById('data-error').textContent), null, { timeout: 15_000 });
    assert.match(await page.textContent('#data-error'), /is 200 MB, too big: the playground reads files up to 100 MB/);
    assert.ok(Date.now() - t0 < 10_000);
    assert.ok(big.served.bytes < 1_000_000, `${big.served.bytes} bytes were sent`);
    // The data loaded before stays.
    assert.equal(await page.evaluate(() => window.playground.state().data?.name ?? null), before);
  } finally {
    await page.context().close();
    big.close();
  }
});

test('a CSV by URL without a Content-Length is stopped once it passes the limit', async () => {
  const big = await bigCsvServer({ announce: 0 });
  const page = await openPlayground(browser, { locale: 'en-US' });
  try {
    await page.fill('#url', big.url);
    await page.click('#url-form button[type=submit]');
    await page.waitForFunction(() => /100 MB/.test(document.getElementById('data-error').textContent), null, { timeout: 60_000 });
    // Stopped a little past 100 MB (what was in flight), not at the end of an endless file.
    assert.ok(await until(() => big.served.closed), 'the download was cancelled');
    assert.ok(big.served.bytes < 140_000_000, `${big.served.bytes} bytes were sent`);
  } finally {
    await page.context().close();
    big.close();
  }
});

test('the download worker: chunks with buffers handed back, a structured too-big error, and cancel', async () => {
  const big = await bigCsvServer({ announce: 0 });
  const small = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*', 'content-length': '12' });
    res.end('a,b\n1,2\n3,4\n');
  });
  await new Promise((resolve) => small.listen(0, '127.0.0.1', resolve));
  const smallUrl = `http://127.0.0.1:${small.address().port}/small.csv`;
  const page = await openPlayground(browser, { locale: 'en-US' });
  try {
    const results = await page.evaluate(async ({ smallUrl, bigUrl }) => {
      const worker = new Worker('./download-worker.js');
      /// Posts `message` and collects what comes back until `done` or `error`.
      const run = (message, { cancelAfter } = {}) => new Promise((resolve) => {
        const got = { size: null, bytes: 0, chunks: 0 };
        worker.onmessage = ({ data }) => {
          if ('size' in data) got.size = data.size;
          else if (data.chunk) {
            got.bytes += data.chunk.byteLength;
            got.chunks += 1;
            worker.postMessage({ buffer: data.chunk.buffer }, [data.chunk.buffer]);
            if (cancelAfter && got.chunks === cancelAfter) {
              worker.postMessage({ cancel: true });
              // Nothing more comes for a cancelled download.
              setTimeout(() => resolve({ ...got, cancelled: true }), 1000);
            }
          } else if (data.done) resolve({ ...got, done: true });
          else if ('error' in data) resolve({ ...got, error: data.error, code: data.code, params: data.params });
        };
        worker.postMessage(message);
      });
      const plain = await run({ url: smallUrl });
      const limited = await run({ url: bigUrl, limit: 3_000_000 });
      const cancelled = await run({ url: bigUrl }, { cancelAfter: 2 });
      // The worker still serves the next download after a cancel.
      const again = await run({ url: smallUrl, limit: 1000 });
      const tooSmall = await run({ url: smallUrl, limit: 5 });
      worker.terminate();
      return { plain, limited, cancelled, again, tooSmall };
    }, { smallUrl, bigUrl: big.url });
    assert.deepEqual(results.plain, { size: 12, bytes: 12, chunks: 1, done: true });
    assert.equal(results.limited.code, 'download_too_big_streamed');
    assert.equal(results.limited.params.url, big.url);
    assert.equal(results.limited.params.limit_mb, 3);
    assert.ok(results.limited.params.size_mb >= 3 && results.limited.params.size_mb < 5, JSON.stringify(results.limited.params));
    assert.ok(results.limited.bytes <= 3_000_000, 'no chunk past the limit was sent');
    assert.match(results.limited.error, /is more than 3(\.\d)? MB, too big: the playground reads files up to 3 MB$/);
    assert.equal(results.cancelled.cancelled, true);
    assert.equal(results.cancelled.done, undefined);
    assert.equal(results.cancelled.error, undefined);
    assert.deepEqual(results.again, { size: 12, bytes: 12, chunks: 1, done: true });
    // Refused from Content-Length: no {size}, no chunk.
    assert.deepEqual([results.tooSmall.code, results.tooSmall.size, results.tooSmall.chunks], ['download_too_big', null, 0]);
    assert.deepEqual(results.tooSmall.params, { url: smallUrl, size_mb: 0, limit_mb: 0 });
    assert.ok(await until(() => big.served.closed), 'the cancelled download closed its connection');
  } finally {
    await page.context().close();
    big.close();
    small.closeAllConnections();
    small.close();
  }
});
