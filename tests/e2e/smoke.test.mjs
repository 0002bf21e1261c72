import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { launch, openPlayground, screenshot, last, fulfillFixture } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the page opens on the default lesson with its summary table', async () => {
  const page = await openPlayground(browser);
  const state = await page.evaluate(() => window.playground.state());
  assert.equal(state.lesson, 'iris');
  assert.equal(state.data.train_rows, 120);
  assert.equal(state.data.test_rows, 30);
  const summary = await page.evaluate(() => window.playground.summary());
  assert.match(summary, /Total params: 211\n/);
  assert.match(await page.textContent('#summary'), /Layer \(type\)/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('training the default lesson draws curves, prints Keras lines and reaches the figure', async () => {
  const page = await openPlayground(browser);
  const history = await page.evaluate(() => window.playground.train());
  assert.deepEqual(Object.keys(history.history), ['loss', 'accuracy']);
  assert.equal(history.epoch.length, 100);
  assert.deepEqual(history.epoch.slice(0, 3), [0, 1, 2]);
  assert.ok(last(history.history.loss) < history.history.loss[0] / 3, `loss fell: ${history.history.loss[0]} → ${last(history.history.loss)}`);
  const test = await page.evaluate(() => window.playground.evaluate());
  assert.ok(test.accuracy >= 0.9, `iris test accuracy ${test.accuracy}`);
  const log = await page.textContent('#log');
  assert.match(log, /Epoch 100\/100\n24\/24 \[==============================\] - \d+m?s \d+[mu]?s\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4}/);
  // The curves are on the canvas: count non-white pixels of the training colour.
  const blue = await page.evaluate(() => {
    const c = document.getElementById('history');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 31) < 30 && Math.abs(d[i + 1] - 119) < 30 && Math.abs(d[i + 2] - 180) < 30) n++;
    return n;
  });
  assert.ok(blue > 300, `training curve pixels: ${blue}`);
  assert.equal(await page.locator('#result-charts canvas').count(), 1, 'a confusion matrix');
  const png = await screenshot(page, 'iris-trained.png');
  assert.ok(existsSync(png) && statSync(png).size > 20_000);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('while a lesson loads Train is disabled, and a script that does not wait trains the new lesson', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  // The lecture CSV arrives a second late, as on a slow connection.
  await page.context().route('https://raw.githubusercontent.com/gilbutITbook/080228/master/deeplearning/dataset/ThoraricSurgery.csv', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await fulfillFixture(route, 'ThoraricSurgery.csv');
  });
  await page.selectOption('#lesson', 'thoracic');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Loading…');
  assert.ok(await page.isDisabled('#train'), 'Train is disabled while loading');
  assert.equal(await page.getAttribute('#train', 'title'), 'Loading…');
  assert.ok(await page.isDisabled('#evaluate'));
  await page.waitForFunction(() => !document.getElementById('train').disabled);
  assert.equal((await page.evaluate(() => window.playground.state())).data.train_rows, 470);

  // Back to iris, then load thoracic again without waiting and train at once.
  await page.evaluate(() => window.playground.load('iris'));
  const h = await page.evaluate(() => { window.playground.load('thoracic'); return window.playground.train(); });
  assert.equal(h.epoch.length, 100);
  const state = await page.evaluate(() => window.playground.state());
  assert.equal(state.lesson, 'thoracic');
  assert.equal(state.data.train_rows, 470);
  assert.equal(state.history?.history.loss.length, 100, 'the history of the run is still there');
  // 470 rows in batches of 10 are 47 steps an epoch; iris would show 24.
  assert.match(await page.textContent('#log'), /Epoch 100\/100\n47\/47 /);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
