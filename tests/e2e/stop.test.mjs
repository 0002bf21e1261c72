// The page stays responsive while MNIST trains in the worker, and Stop is answered fast.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPlayground } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('Stop ends MNIST training within 200 ms and keeps the weights', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.evaluate(() => window.playground.load('mnist-mlp', { epochs: 2 }));
  await page.evaluate(() => { window.__training = window.playground.train(); });
  // Well into the first epoch, not at its start.
  await page.waitForFunction(() => (window.playground.state().batch ?? 0) >= 200, null, { timeout: 60_000 });
  // The main thread is free: a timer fires on time while the worker trains.
  const lag = await page.evaluate(() => new Promise((r) => { const t0 = performance.now(); setTimeout(() => r(performance.now() - t0), 0); }));
  assert.ok(lag < 50, `main-thread timer lag ${lag} ms`);
  const ms = await page.evaluate(async () => {
    const t0 = performance.now();
    document.getElementById('stop').click();
    await new Promise((resolve) => {
      const check = () => (window.playground.state().training ? requestAnimationFrame(check) : resolve());
      check();
    });
    return performance.now() - t0;
  });
  assert.ok(ms < 200, `Stop took ${ms} ms`);
  const history = await page.evaluate(() => window.__training);
  assert.ok(history.epoch.length < 2, 'stopped before the end');
  assert.match(await page.textContent('#message'), /Stopped/);
  // The model keeps what it learned so far and predicts.
  const out = await page.evaluate(() => window.playground.predict([new Array(784).fill(0)]));
  assert.equal(out[0].length, 10);
  assert.ok(Math.abs(out[0].reduce((a, b) => a + b, 0) - 1) < 1e-4);
  await page.context().close();
});
