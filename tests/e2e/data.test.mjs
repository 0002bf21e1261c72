// A user's CSV from a URL: preview, target and input columns, then training on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPlayground } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a lecture CSV by URL: Korean header, chosen target and inputs, then training', async () => {
  const page = await openPlayground(browser, { locale: 'ko-KR' });
  await page.fill('#url', 'https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/iris.csv');
  await page.click('#url-form button[type=submit]');
  await page.waitForFunction(() => window.playground.state().data?.name === 'iris.csv');
  let state = await page.evaluate(() => window.playground.state());
  assert.deepEqual(state.data.columns, ['꽃잎길이', '꽃잎폭', '꽃받침길이', '꽃받침폭', '품종']);
  assert.equal(state.data.task.kind, 'multi_class');
  assert.deepEqual(state.data.class_names, ['setosa', 'versicolor', 'virginica']);
  assert.equal(await page.textContent('#preview th:first-child'), '꽃잎길이');
  // Only two inputs.
  await page.selectOption('#features', ['꽃잎길이', '꽃잎폭']);
  await page.waitForFunction(() => window.playground.state().data?.input_shape?.[0] === 2);
  state = await page.evaluate(() => window.playground.state());
  assert.deepEqual(state.errors, []);
  const h = await page.evaluate(() => window.playground.load({ data: { kind: 'csv', url: 'https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/iris.csv', table: { target: ['품종'], test_size: 0.2, stratify: true } } }, {}).then(() => window.playground.train()));
  // The epoch count is the engine's default for an own table (about 1,500 steps' worth).
  const epochs = await page.evaluate(() => window.playground.state().spec.fit.epochs);
  assert.ok(epochs >= 20 && epochs <= 300, `epochs ${epochs}`);
  assert.equal(h.history.loss.length, epochs);
  assert.ok(h.history.loss.at(-1) < h.history.loss[0]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a CSV dropped on the drop zone loads like a picked file', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.evaluate(() => {
    const file = new File(['온도,판매량\r\n20, 40\r\n21, 42\r\n22, 44\r\n23, 46\r\n24, 48\r\n25, 50'], 'lemonade.csv', { type: 'text/csv' });
    const dt = new DataTransfer();
    dt.items.add(file);
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => window.playground.state().data?.name === 'lemonade.csv');
  const state = await page.evaluate(() => window.playground.state());
  assert.deepEqual(state.data.columns, ['온도', '판매량']);
  assert.equal(state.data.task.kind, 'regression');
  assert.deepEqual(state.errors, []);
  await page.context().close();
});
