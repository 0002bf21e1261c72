// The page where students are: a school laptop (1366×768), a phone (390×844, touch) and a
// 700 px blog column (the embed snippet, without embed.js). Geometry is read from the page
// itself; screenshots of each land in test-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch, openPlayground, screenshot, URL_BASE } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Where an element is, and whether it lies wholly inside the viewport.
function placement(page, selector) {
  return page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    return { inside, top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right), viewport: [innerWidth, innerHeight] };
  });
}

async function assertInView(page, selector, when) {
  const p = await placement(page, selector);
  assert.ok(p.inside, `${selector} ${when}: ${JSON.stringify(p)}`);
}

/// The page's width beyond the viewport (0 when nothing scrolls sideways).
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);

/// Visible controls smaller than `min` px: a checkbox or file field counts with its label,
/// which takes the touch as well.
function smallTargets(page, min) {
  return page.evaluate((min) => {
    const small = [];
    for (const c of document.querySelectorAll('button, input, select, textarea, summary')) {
      if (!c.checkVisibility?.() && c.offsetParent === null) continue;
      const target = (c.type === 'checkbox' || c.type === 'radio' || c.type === 'file') && c.closest('label') ? c.closest('label') : c;
      const r = target.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.width < min || r.height < min) small.push(`${c.tagName.toLowerCase()}#${c.id || c.dataset.field || c.textContent.trim().slice(0, 12)} ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return small;
  }, min);
}

for (const locale of ['ko-KR', 'en-US']) {
  test(`at 1366×768 (${locale}) Train and the curves are in view together, before and during training`, async () => {
    const page = await openPlayground(browser, { locale, viewport: { width: 1366, height: 768 } });
    await assertInView(page, '#train', 'before training');
    await assertInView(page, '#history', 'before training');
    assert.ok(await page.isVisible('#lesson'), 'the lesson menu is on the first screen');
    // Saving, downloading and loading models are in a menu, not in the header row.
    assert.equal(await page.isVisible('#save'), false);
    assert.equal(await page.isVisible('#download-model'), false);
    // A long run, started with the button, so that it is still training when measured.
    await page.evaluate(() => window.playground.load('iris', { epochs: 50000 }));
    await page.click('#train');
    await page.waitForFunction(() => { const s = window.playground.state(); return s.training && s.history?.epoch.length >= 3; });
    await assertInView(page, '#train', 'during training');
    await assertInView(page, '#stop', 'during training');
    await assertInView(page, '#history', 'during training');
    assert.equal(await overflow(page), 0);
    await screenshot(page, `layout-1366-training-${locale}.png`);
    await page.click('#stop');
    await page.waitForFunction(() => !window.playground.state().training && document.getElementById('message').textContent !== '');
    // A Stop is news, not an error: not in the error colour.
    assert.equal(await page.getAttribute('#message', 'class'), 'note');
    await assertInView(page, '#train', 'after training');
    await assertInView(page, '#history', 'after training');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('at 390×844 on a touch phone nothing scrolls sideways, whichever lesson\'s code is shown, and every control is at least 44 px', async () => {
  const page = await openPlayground(browser, { viewport: { width: 390, height: 844 }, touch: true });
  assert.equal(await overflow(page), 0, 'the first screen');
  await assertInView(page, '#train', 'on the first screen');
  await assertInView(page, '#lesson', 'on the first screen');
  const lessons = await page.evaluate(() => window.playground.lessons().map((l) => l.id));
  for (const id of ['iris', 'mnist-mlp', 'boston', ...lessons.filter((l) => !['iris', 'mnist-mlp', 'boston'].includes(l))]) {
    await page.evaluate((id) => window.playground.load(id), id);
    assert.ok((await page.textContent('#code')).length > 100, `${id}: its code is shown`);
    assert.equal(await overflow(page), 0, `${id}: the page is wider than the phone`);
    // The code panel scrolls inside itself.
    const code = await page.$eval('#code', (e) => ({ client: e.clientWidth, scroll: e.scrollWidth, overflow: getComputedStyle(e).overflowX }));
    assert.ok(code.client <= 390 && ['auto', 'scroll'].includes(code.overflow), `${id}: ${JSON.stringify(code)}`);
  }
  await screenshot(page, 'layout-390-fashion.png');
  // Trained, with its result charts.
  await page.evaluate(() => window.playground.load('mnist-mlp', { epochs: 1 }));
  await page.evaluate(() => window.playground.train());
  assert.equal(await overflow(page), 0, 'MNIST\'s result charts');
  await screenshot(page, 'layout-390-mnist-trained.png');
  await page.evaluate(() => window.playground.load('iris', { epochs: 3 }));
  await page.evaluate(() => window.playground.train());
  assert.equal(await overflow(page), 0, 'iris trained');
  assert.deepEqual(await smallTargets(page, 44), [], 'touch targets');
  // The menu, opened, and the share box keep to the width and the size too.
  await page.click('#menu > summary');
  assert.ok(await page.isVisible('#save'));
  assert.deepEqual(await smallTargets(page, 44), [], 'touch targets in the menu');
  assert.equal(await overflow(page), 0, 'the menu open');
  await page.click('#embed');
  await page.waitForFunction(() => document.getElementById('embed-code').value.startsWith('<iframe'));
  assert.equal(await page.isVisible('#save'), false, 'a choice closes the menu');
  assert.equal(await overflow(page), 0, 'the share box');
  assert.deepEqual(await smallTargets(page, 44), [], 'touch targets in the share box');
  await screenshot(page, 'layout-390-share.png');
  await page.click('#share-close');
  assert.equal(await page.isVisible('#share-box'), false, 'the share box closes');
  await screenshot(page, 'layout-390-iris.png');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/// The snippet for a lesson, as a lecturer copies it, without the optional embed.js.
async function snippetFor(lesson, overrides) {
  const page = await openPlayground(browser, { locale: 'ko-KR' });
  await page.evaluate(([id, o]) => window.playground.load(id, o), [lesson, overrides]);
  const code = await page.evaluate(() => window.playground.embedCode());
  await page.context().close();
  const iframe = code.split('\n').find((l) => l.startsWith('<iframe'));
  assert.ok(iframe, code);
  return iframe;
}

test('in a 700 px blog column the snippet without embed.js is tall enough: nothing is cut off', async () => {
  const snippets = {};
  for (const lesson of ['iris', 'mnist-mlp', 'boston', 'linreg-gd']) snippets[lesson] = await snippetFor(lesson, { epochs: 2 });
  let lesson = 'iris';
  const host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>blog</title><body style="margin:0"><div style="width:700px;margin:0 auto"><h1>강의 노트</h1>${snippets[lesson]}<p>끝</p></div></body>`);
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  const hostUrl = `http://localhost:${host.address().port}/`;
  assert.notEqual(new URL(hostUrl).origin, new URL(URL_BASE).origin);
  try {
    for (const id of Object.keys(snippets)) {
      lesson = id;
      const height = Number(/ height="(\d+)"/.exec(snippets[id])?.[1]);
      assert.ok(height > 300, snippets[id]);
      const context = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1000, height: 1900 } });
      context.setDefaultTimeout(120_000);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(hostUrl);
      const isEmbed = (f) => f.url().includes('embed=1');
      const frame = page.frames().find(isEmbed) ?? await page.waitForEvent('framenavigated', { predicate: isEmbed });
      // Polled on a timer: a cross-origin frame's animation frames may be throttled.
      await frame.waitForFunction(() => window.playground !== undefined, null, { polling: 100 });
      await frame.evaluate(() => window.playground.ready);
      const box = await page.$eval('iframe', (f) => ({ width: f.clientWidth, height: f.clientHeight }));
      assert.equal(box.width, 700);
      assert.equal(box.height, height, 'the iframe has the snippet\'s height (no script resized it)');
      const fits = () => frame.evaluate(() => ({ height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth, inner: [innerWidth, innerHeight] }));
      const before = await fits();
      assert.ok(before.height <= height && before.width <= 700, `${id} before training: ${JSON.stringify(before)} in ${height}`);
      await frame.evaluate(() => window.playground.train());
      await frame.waitForFunction(() => document.querySelectorAll('#result-charts canvas').length > 0, null, { polling: 100 });
      const trained = await fits();
      assert.ok(trained.height <= height && trained.width <= 700, `${id} trained: ${JSON.stringify(trained)} in ${height}`);
      await screenshot(page, `layout-embed-700-${id}.png`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  } finally {
    host.close();
  }
});
