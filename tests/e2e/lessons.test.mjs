// Every lecture lesson loads with one call and lands where the lecture did. Epoch counts
// are the lecture's unless noted; where fewer are used the figure checked says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPlayground, screenshot, last } from './harness.mjs';

let browser;
let page;
before(async () => { browser = await launch(); page = await openPlayground(browser, { locale: 'en-US' }); });
after(async () => { await browser?.close(); });

const run = (id, overrides) => page.evaluate(([i, o]) => window.playground.load(i, o).then(() => window.playground.train()), [id, overrides]);
const evaluate = () => page.evaluate(() => window.playground.evaluate());
const predict = (rows) => page.evaluate((r) => window.playground.predict(r), rows);

test('the lesson list is the lecture order', async () => {
  const ids = await page.evaluate(() => window.playground.lessons().map((l) => l.id));
  assert.deepEqual(ids, ['linreg-gd', 'linreg-sgd', 'thoracic', 'thoracic-deep', 'iris', 'mnist-softmax', 'mnist-mlp', 'fashion', 'pima', 'boston']);
});

test('linreg-gd: 2001 gradient-descent steps end at a = 2.3, b = 79', async () => {
  const h = await run('linreg-gd');
  assert.equal(h.epoch.length, 2001);
  const [[b], [ab]] = await predict([[0], [1]]);
  // Least squares gives a = 2.3, b = 79; after 2001 steps the lecture prints 2.3000 and 78.9999.
  assert.ok(Math.abs(ab - b - 2.3) < 0.002, `a = ${ab - b}`);
  assert.ok(Math.abs(b - 79) < 0.01, `b = ${b}`);
  assert.equal(await page.locator('#result-charts canvas').count(), 2, 'fitted line and scatter');
  await screenshot(page, 'linreg-gd.png');
});

test('linreg-sgd: loss ends near the noise variance 0.09', async () => {
  const h = await run('linreg-sgd');
  const loss = last(h.history.loss);
  assert.ok(loss > 0.06 && loss < 0.14, `loss ${loss}`);
});

test('thoracic: accuracy about 0.85, next to the 0.851 majority baseline', async () => {
  const h = await run('thoracic');
  const acc = last(h.history.accuracy);
  assert.ok(acc >= 0.83 && acc <= 0.9, `accuracy ${acc}`);
  assert.match(await page.textContent('#data-info'), /0\.851/);
});

test('thoracic-deep: training loss keeps falling while validation loss turns up', async () => {
  const h = await run('thoracic-deep');
  assert.equal(h.epoch.length, 1500);
  const val = h.history.val_loss;
  const best = Math.min(...val);
  assert.ok(last(h.history.loss) < h.history.loss[10], 'training loss fell');
  assert.ok(last(val) > best * 1.15, `val_loss rose from its best ${best} to ${last(val)}`);
  await screenshot(page, 'thoracic-deep.png');
});

test('mnist-softmax: test accuracy about 0.92 (1 of 5 epochs)', async () => {
  await run('mnist-softmax', { epochs: 1 });
  const r = await evaluate();
  assert.ok(r.accuracy >= 0.9, `test accuracy ${r.accuracy}`);
});

test('mnist-mlp: test accuracy about 0.98 after 5 epochs', async () => {
  await run('mnist-mlp');
  const r = await evaluate();
  assert.ok(r.accuracy >= 0.97, `test accuracy ${r.accuracy}`);
  assert.equal(await page.locator('#result-charts canvas').count(), 2, 'confusion matrix and image grid');
  const [confusion] = await page.evaluate(() => window.playground.results());
  assert.equal(confusion.kind, 'confusion');
  assert.equal(confusion.matrix.reduce((a, b) => a + b, 0), 10_000, 'every test image counted');
  const correct = confusion.matrix.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(correct / 10_000 - r.accuracy) < 1e-4, `diagonal ${correct} vs accuracy ${r.accuracy}`);
  await screenshot(page, 'mnist-mlp.png');
});

test('fashion: test accuracy about 0.88 (5 of 10 epochs: ≥ 0.86)', async () => {
  await run('fashion', { epochs: 5 });
  const r = await evaluate();
  assert.ok(r.accuracy >= 0.86, `test accuracy ${r.accuracy}`);
});

test('pima: EarlyStopping on val_loss, validation accuracy about 0.75', async () => {
  const h = await run('pima');
  assert.ok(h.epoch.length < 200, `EarlyStopping ended at ${h.epoch.length} epochs`);
  const acc = Math.max(...h.history.val_accuracy);
  assert.ok(acc >= 0.72, `best val_accuracy ${acc}`);
  assert.match(await page.textContent('#message'), /EarlyStopping/);
});

test('boston: 204,601 parameters, 354 training rows and a test MSE of 0.10–0.15 on the standardized price', async () => {
  await run('boston');
  assert.match(await page.evaluate(() => window.playground.summary()), /Total params: 204,601/);
  assert.equal((await page.evaluate(() => window.playground.state())).data.train_rows, 354);
  const r = await evaluate();
  // The lecture's test_size=0.3 on a typical split (see the lesson's intro).
  assert.ok(r.loss >= 0.1 && r.loss <= 0.15, `test MSE ${r.loss}`);
  assert.equal(await page.locator('#result-charts canvas').count(), 1, 'predicted-vs-actual scatter');
  await screenshot(page, 'boston.png');
});
