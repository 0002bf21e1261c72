// Links, embeds, memory across reloads and the exported Keras code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPlayground, OUTPUT, screenshot, URL_BASE } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const setField = async (page, field, value) => {
  await page.fill(`[data-field="${field}"]`, String(value));
  await page.dispatchEvent(`[data-field="${field}"]`, 'change');
  // The engine's answer has arrived once the spec holds the value.
  await page.waitForFunction(([f, v]) => f.split(/[.[\]]+/).filter(Boolean).reduce((o, k) => o?.[k], window.playground.state().spec) === v, [field, Number(value)]);
};

test('a link restores the setup exactly, and the same seed gives the same curves', async () => {
  const a = await openPlayground(browser, { locale: 'en-US' });
  await a.evaluate(() => window.playground.load('iris', { epochs: 4, seed: 7 }));
  await setField(a, 'model.layers[0].units', 12);
  const link = await a.evaluate(() => window.playground.shareLink());
  assert.match(link, /#s=[A-Za-z0-9_-]+$/);
  const first = await a.evaluate(() => window.playground.train());
  const b = await openPlayground(browser, { locale: 'en-US', query: link.slice(link.indexOf('#')) });
  const [sa, sb] = [await a.evaluate(() => window.playground.state()), await b.evaluate(() => window.playground.state())];
  assert.deepEqual(sb.spec, sa.spec);
  assert.equal(sb.lesson, 'iris');
  assert.equal(sb.spec.model.layers[0].units, 12);
  const second = await b.evaluate(() => window.playground.train());
  assert.deepEqual(second, first, 'bit-identical History from the same seed');
  await a.context().close();
  await b.context().close();
});

test('hostile or broken fragments are refused cleanly and the default lesson loads', async () => {
  const encode = async (page, obj) => page.evaluate(async (o) => {
    const { encodeState } = await import('./js/share.js');
    return encodeState(o);
  }, obj);
  const page = await openPlayground(browser, { locale: 'en-US' });
  const evil = '<img src=x onerror="window.__xss=1">';
  const setup = (await page.evaluate(() => window.playground.state())).spec;
  setup.model.layers[0].name = evil;
  const xss = await encode(page, { v: 1, lesson: 'iris', setup });
  const huge = structuredClone(setup);
  huge.model.layers[0].name = undefined;
  huge.model.layers[0].units = 1e12;
  const hugeLink = await encode(page, { v: 1, lesson: 'iris', setup: huge });
  await page.context().close();

  const x = await openPlayground(browser, { locale: 'en-US', query: `#s=${xss}` });
  assert.match(await x.textContent('#summary'), /<img src=x onerror/);
  assert.equal(await x.evaluate(() => window.__xss), undefined);
  assert.equal(await x.evaluate(() => document.querySelectorAll('#summary img, #model-section img').length), 0);
  await x.context().close();

  const h = await openPlayground(browser, { locale: 'en-US', query: `#s=${hugeLink}` });
  const hs = await h.evaluate(() => window.playground.state());
  assert.match(hs.errors.map((e) => e.message).join(' '), /units/);
  assert.equal(await h.isDisabled('#train'), true);
  await h.context().close();

  for (const bad of ['#s=garbage!!', '#s=AAAA', '#<script>alert(1)</script>']) {
    const g = await openPlayground(browser, { locale: 'en-US', query: bad });
    const gs = await g.evaluate(() => window.playground.state());
    assert.equal(gs.lesson, 'iris', bad);
    assert.match(gs.message, /link/, bad);
    assert.deepEqual(g.errors, [], bad);
    await g.context().close();
  }
});

test('a reload restores the last setup and the trained weights', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.evaluate(() => window.playground.load('linreg-gd'));
  await page.evaluate(() => window.playground.train());
  const before = await page.evaluate(() => window.playground.predict([[5]]));
  await page.reload();
  await page.waitForFunction(() => window.playground !== undefined);
  await page.evaluate(() => window.playground.ready);
  const state = await page.evaluate(() => window.playground.state());
  assert.equal(state.lesson, 'linreg-gd');
  const after = await page.evaluate(() => window.playground.predict([[5]]));
  assert.deepEqual(after, before);
  await page.context().close();
});

test('Save with the browser storage full says so and keeps the models saved before', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.evaluate(() => window.playground.load('iris', { epochs: 2 }));
  await page.evaluate(() => window.playground.train());
  page.once('dialog', (d) => d.accept('first'));
  await page.click('#menu > summary');
  await page.click('#save');
  await page.waitForFunction(() => document.getElementById('message').textContent.includes('first'));
  // Fill the rest of this origin's storage, halving the chunk until not even a byte fits.
  const filled = await page.evaluate(() => {
    let size = 1 << 20;
    let n = 0;
    while (size >= 1) {
      try { localStorage.setItem(`filler-${n++}`, 'x'.repeat(size)); } catch { size >>= 1; }
    }
    return n;
  });
  assert.ok(filled > 1);
  page.once('dialog', (d) => d.accept('second'));
  await page.click('#menu > summary');
  await page.click('#save');
  await page.waitForFunction(() => document.getElementById('message').textContent.includes('second'));
  assert.match(await page.textContent('#message'), /^Could not save: this browser's storage is full.*Download model.* second$/);
  const saved = await page.evaluate(() => Object.keys(JSON.parse(localStorage.getItem('noriteo.models'))));
  assert.deepEqual(saved, ['first']);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the exported Keras code is valid Python and names the same layers and settings', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.evaluate(() => window.playground.load('thoracic'));
  const code = await page.textContent('#code');
  execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code });
  assert.match(code, /pd\.read_csv\('https:\/\/raw\.githubusercontent\.com\/gilbutITbook\/080228\/master\/deeplearning\/dataset\/ThoraricSurgery\.csv', header=None\)/);
  assert.match(code, /model\.add\(Dense\(30, input_dim=17, activation='relu'\)\)|model\.add\(Dense\(30, activation='relu', input_dim=17\)\)/);
  assert.match(code, /model\.add\(Dense\(1, activation='sigmoid'\)\)/);
  assert.match(code, /model\.compile\(loss='binary_crossentropy', optimizer='adam', metrics=\['accuracy'\]\)/);
  assert.match(code, /model\.fit\(X, y, epochs=100, batch_size=10\)/);
  // The notebook download is a notebook with the same code.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-ipynb')]);
  const nb = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(nb.nbformat, 4);
  // Same code; only the title comment on the first line names the lesson.
  const body = (text) => text.split('\n').slice(1).join('\n').trimEnd();
  assert.equal(body(nb.cells[1].source.join('')), body(code));
  assert.match(nb.cells[1].source[0], /Lung-surgery survival|폐암/);
  await page.context().close();
});

test('an iframe on another origin shows a working compact playground that trains', async () => {
  const page0 = await openPlayground(browser, { locale: 'en-US' });
  await page0.evaluate(() => window.playground.load('iris', { epochs: 2 }));
  await page0.click('#menu > summary');
  await page0.click('#embed');
  const unlocked = await page0.inputValue('#embed-code');
  await page0.selectOption('#embed-lock', 'learning_rate');
  await page0.waitForFunction((before) => document.getElementById('embed-code').value !== before, unlocked);
  const snippet = await page0.inputValue('#embed-code');
  await page0.context().close();
  assert.match(snippet, /^<iframe data-noriteo src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#s=/);
  const host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>lecture</title><h1>강의 노트</h1>${snippet}`);
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  const hostUrl = `http://localhost:${host.address().port}/`;
  assert.notEqual(new URL(hostUrl).origin, new URL(URL_BASE).origin);
  const context = await browser.newContext({ locale: 'en-US' });
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  await page.goto(hostUrl);
  const frameEl = await page.waitForSelector('iframe[data-noriteo]');
  // The embed page redirects to the playground with embed=1; checked and awaited without a
  // gap, so the navigation cannot slip between them.
  const isEmbed = (f) => f.url().includes('embed=1');
  const frame = page.frames().find(isEmbed) ?? await page.waitForEvent('framenavigated', { predicate: isEmbed });
  await frame.waitForFunction(() => window.playground !== undefined);
  await frame.evaluate(() => window.playground.ready);
  assert.equal(await frame.evaluate(() => document.body.classList.contains('embed')), true);
  assert.equal(await frame.isVisible('#data-section'), false);
  assert.equal(await frame.isDisabled('[data-field="model.layers[0].units"]'), true, 'locked');
  assert.equal(await frame.isDisabled('[data-field="compile.optimizer.learning_rate"]'), false, 'learning rate stays editable');
  const history = await frame.evaluate(() => window.playground.train());
  assert.equal(history.epoch.length, 2);
  // The optional script sized the iframe to its content.
  await page.waitForFunction(() => parseInt(document.querySelector('iframe').style.height || '0', 10) > 300);
  await screenshot(page, 'embed.png');
  await context.close();
  host.close();
});

test('a downloaded model (Keras JSON + weights) loads back and predicts the same', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.evaluate(() => window.playground.load('iris', { epochs: 5 }));
  await page.evaluate(() => window.playground.train());
  const rows = [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]];
  const before = await page.evaluate((r) => window.playground.predict(r), rows);
  const downloads = [];
  const both = new Promise((resolve) => page.on('download', (d) => { downloads.push(d); if (downloads.length === 2) resolve(); }));
  await page.click('#menu > summary');
  await page.click('#download-model');
  await both;
  assert.deepEqual(downloads.map((d) => d.suggestedFilename()).sort(), ['model.json', 'model.weights.bin']);
  // Keep copies: the browser's download folder goes with its context.
  mkdirSync(OUTPUT, { recursive: true });
  const files = await Promise.all(downloads.map(async (d) => {
    const path = join(OUTPUT, d.suggestedFilename());
    await d.saveAs(path);
    return { name: d.suggestedFilename(), path };
  }));
  const config = JSON.parse(readFileSync(files.find((f) => f.name === 'model.json').path, 'utf8'));
  assert.equal(config.class_name, 'Sequential');
  assert.equal(config.config.layers.filter((l) => l.class_name === 'Dense').length, 4);
  await page.context().close();

  const fresh = await openPlayground(browser, { locale: 'en-US' });
  await fresh.evaluate(() => window.playground.load('iris', { epochs: 5 }));
  assert.equal(await fresh.evaluate(() => window.playground.state().trained), false);
  await fresh.setInputFiles('#upload-model', files.map((f) => f.path));
  await fresh.waitForFunction(() => window.playground.state().trained);
  const after = await fresh.evaluate((r) => window.playground.predict(r), rows);
  assert.deepEqual(after, before);
  await fresh.context().close();
});
