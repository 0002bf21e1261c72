// "Try the model": a drawing on the pad gets the class predict() gives the pixels the page
// sent; the form's prediction is predict() on its row; the decision-boundary map shows the
// classes and is redrawn while training runs. Mouse, and a finger on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, openPlayground, OUTPUT, screenshot } from './harness.mjs';

/// The screen as the learner sees it with the panel scrolled into view (a full-page shot
/// misses what scrolls inside the run column), beside the full page.
async function panelShot(page, name) {
  await page.evaluate(() => document.getElementById('try-model').scrollIntoView({ block: 'start' }));
  await screenshot(page, name);
  await page.screenshot({ path: join(OUTPUT, name.replace('.png', '-view.png')) });
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const argmax = (v) => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);
const tried = (page) => page.evaluate(() => window.playground.tried());
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);

/// Waits until the panel shows an answer other than `before` (compared by its row and
/// outputs) and asks for no other.
async function nextAnswer(page, before = null) {
  await page.waitForFunction((b) => {
    const { answer: a, pending } = window.playground.tried();
    return a && !pending && JSON.stringify([a.row, a.outputs]) !== b;
  }, before && JSON.stringify([before.row, before.outputs]), { timeout: 20_000 }).catch(async (e) => {
    const t = await page.evaluate(() => { const { answer, pending, available } = window.playground.tried(); const r = document.querySelector('.try-pad').getBoundingClientRect(); return { answer: !!answer, pending, available, pad: [r.left, r.top], text: document.getElementById('try-model').textContent.slice(0, 200) }; });
    throw new Error(`no new answer: ${JSON.stringify(t)}: ${e.message}`);
  });
  return (await tried(page)).answer;
}

/// The probabilities the bars show, as the page wrote them.
const bars = (page) => page.$$eval('.try-bar', (rows) => rows.map((r) => ({ name: r.querySelector('.name').textContent, p: Number(r.dataset.p) })));

/// The pad's box on the page, scrolled into view (it sits under the results) when it is not.
const padBox = (page) => page.$eval('.try-pad', (c) => {
  let r = c.getBoundingClientRect();
  if (r.top < 0 || r.bottom > innerHeight) { c.scrollIntoView({ block: 'center' }); r = c.getBoundingClientRect(); }
  return { x: r.left, y: r.top, w: r.width, h: r.height };
});

/// Moves the mouse to (fx, fy) of the pad (fractions of its size), measured at that moment.
async function penTo(page, fx, fy) {
  const box = await padBox(page);
  await page.mouse.move(box.x + box.w * fx, box.y + box.h * fy);
}

test('a test digit put in through the pad, and one drawn with the mouse, get the class predict() gives the pixels the page sent', async () => {
  const page = await openPlayground(browser, { viewport: { width: 1366, height: 768 } });
  await page.evaluate(() => window.playground.load('mnist-softmax', { epochs: 1 }));
  await page.waitForSelector('#try-model .try-pad');
  // Before training the panel is greyed and says why, in Korean.
  assert.equal(await page.textContent('#try-model .try-why'), '먼저 모델을 학습시키세요');
  assert.ok(await page.$eval('#try-model', (e) => e.classList.contains('off')));
  assert.ok(await page.$eval('#try-model button', (b) => b.disabled), 'Clear is off');
  await page.evaluate(() => window.playground.train());
  await page.waitForFunction(() => !document.getElementById('try-model').classList.contains('off'));
  assert.equal(await page.textContent('#try-model .try-why'), '');

  // A test image from the data (the results' image grid), painted onto the pad 8 times
  // larger, as a learner's drawing arrives, and the pen lifted.
  const images = (await page.evaluate(() => window.playground.results())).find((p) => p.kind === 'images');
  const original = images.pixels.slice(0, 784);
  await page.evaluate((pixels) => {
    const small = document.createElement('canvas');
    small.width = 28; small.height = 28;
    const image = new ImageData(28, 28);
    pixels.forEach((v, i) => image.data.set([v, v, v, 255], i * 4));
    small.getContext('2d').putImageData(image, 0, 0);
    const pad = document.querySelector('.try-pad');
    const g = pad.getContext('2d');
    g.imageSmoothingEnabled = false;
    g.drawImage(small, 0, 0, pad.width, pad.height);
    pad.dispatchEvent(new PointerEvent('pointerdown', { clientX: -100, clientY: -100, bubbles: true }));
    pad.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
  }, original);
  const answer = await nextAnswer(page);
  assert.equal(answer.row.length, 784);
  // What the page sent, given to predict(): the same class as the page shows.
  const [outputs] = await page.evaluate((row) => window.playground.predict([row]), answer.row);
  assert.deepEqual(answer.outputs, outputs);
  const shown = Number(await page.getAttribute('.try-result', 'data-class'));
  assert.equal(shown, argmax(outputs));
  assert.deepEqual((await bars(page)).map((b) => b.p), outputs);
  assert.deepEqual((await bars(page)).map((b) => b.name), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  // MNIST's digits are framed as the pad frames drawings (20×20 box, centre of mass in the
  // middle): the framed test image is nearly the original, and gets the original's class.
  const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
  const cosine = dot(original, answer.row) / Math.sqrt(dot(original, original) * dot(answer.row, answer.row));
  assert.ok(cosine > 0.9, `framed vs original: cosine ${cosine}`);
  const [fromOriginal] = await page.evaluate((row) => window.playground.predict([row]), original);
  assert.equal(shown, argmax(fromOriginal), 'the test image\'s own class');
  // The API's predictImage answers the same pixels the same way.
  const api = await page.evaluate((row) => window.playground.predictImage(row), answer.row);
  assert.deepEqual(api.outputs, outputs);
  await panelShot(page, 'trymodel-1366-mnist-ko.png');

  // Cleared, then a "1" drawn with the mouse: a stroke down the middle.
  await page.click('#try-model button');
  assert.equal(await page.$eval('.try-result', (e) => e.textContent), '');
  await penTo(page, 0.52, 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await penTo(page, 0.52 - 0.01 * i / 12, 0.15 + 0.7 * i / 12);
  await page.mouse.up();
  const one = await nextAnswer(page, answer);
  // Framed as MNIST frames digits: 20 rows high, a few columns wide, in the middle.
  const inkedRows = [...Array(28).keys()].filter((r) => one.row.slice(r * 28, r * 28 + 28).some((v) => v > 0));
  const inkedCols = [...Array(28).keys()].filter((c) => inkedRows.some((r) => one.row[r * 28 + c] > 0));
  assert.equal(inkedRows.length, 20, `rows ${inkedRows}`);
  assert.ok(inkedCols.length <= 8 && inkedCols[0] >= 10, `columns ${inkedCols}`);
  const [mine] = await page.evaluate((row) => window.playground.predict([row]), one.row);
  assert.equal(Number(await page.getAttribute('.try-result', 'data-class')), argmax(mine));
  assert.deepEqual(one.outputs, mine);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Fashion-MNIST\'s ten classes are named in Korean beside their probabilities', async () => {
  const page = await openPlayground(browser, { viewport: { width: 1366, height: 768 } });
  await page.evaluate(() => window.playground.load('fashion', { epochs: 1 }));
  // A few batches are enough to have a model that predicts.
  await page.click('#train');
  await page.waitForFunction(() => (window.playground.state().batch ?? 0) >= 30);
  await page.evaluate(() => window.playground.stop());
  // Settled: the result charts above the panel drawn and the stop reported, so that the pad
  // stays where it is measured.
  await page.waitForFunction(() => window.playground.state().trained && document.querySelectorAll('#result-charts canvas').length >= 2
    && document.getElementById('message').textContent !== '' && !document.getElementById('try-model').classList.contains('off'));
  await penTo(page, 0.2, 0.3);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await penTo(page, 0.2 + 0.6 * i / 8, 0.3);
  for (let i = 1; i <= 8; i++) await penTo(page, 0.8, 0.3 + 0.5 * i / 8);
  await page.mouse.up();
  const answer = await nextAnswer(page);
  const shown = await bars(page);
  assert.deepEqual(shown.map((b) => b.name), ['티셔츠/상의', '바지', '풀오버', '드레스', '코트', '샌들', '셔츠', '스니커즈', '가방', '앵클부츠']);
  // The last layer gives logits (from_logits=True): the bars are their softmax.
  const sum = shown.reduce((s, b) => s + b.p, 0);
  assert.ok(Math.abs(sum - 1) < 1e-5, `sum ${sum}`);
  const [logits] = await page.evaluate((row) => window.playground.predict([row]), answer.row);
  assert.equal(argmax(shown.map((b) => b.p)), argmax(logits));
  // Framed as Fashion-MNIST's pictures: the longer side fills the 28 pixels.
  const inkedCols = [...Array(28).keys()].filter((c) => [...Array(28).keys()].some((r) => answer.row[r * 28 + c] > 0));
  assert.equal(inkedCols.length, 28);
  await page.evaluate(() => window.playground.setLanguage('en'));
  assert.equal((await bars(page))[0].name, 'T-shirt/top', 'English names after a language switch');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/// Whether a pixel is a class colour of the map (tab10 blue, orange, green), however pale.
function hues(rgba) {
  const counts = { blue: 0, orange: 0, green: 0 };
  for (let i = 0; i < rgba.length; i += 4) {
    const [r, g, b] = [rgba[i], rgba[i + 1], rgba[i + 2]];
    const max = Math.max(r, g, b); const min = Math.min(r, g, b);
    if (max - min < 25) continue;
    if (b === max && r < g) counts.blue += 1;
    else if (r === max && g > b) counts.orange += 1;
    else if (g === max && r < g && b < g) counts.green += 1;
  }
  return counts;
}

test('iris: the form\'s prediction is predict() on its row, and the decision boundary shows the classes, redrawn while training', async () => {
  const page = await openPlayground(browser, { viewport: { width: 1366, height: 768 } });
  await page.evaluate(() => window.playground.load('iris', { epochs: 100000 }));
  await page.waitForSelector('.try-form input');
  // Redrawn while training runs, before it ends.
  await page.click('#train');
  await page.waitForFunction(() => Number(document.getElementById('boundary')?.dataset.draws ?? 0) >= 3 && window.playground.state().training);
  await page.evaluate(() => window.playground.stop());
  await page.evaluate(() => window.playground.load('iris', { epochs: 60 }));
  await page.evaluate(() => window.playground.train());
  const names = await page.$$eval('.try-form label > span', (s) => s.map((e) => e.textContent));
  assert.deepEqual(names, ['sepal_length (꽃받침길이)', 'sepal_width (꽃받침폭)', 'petal_length (꽃잎길이)', 'petal_width (꽃잎폭)']);
  const values = async () => page.$$eval('.try-form input', (i) => i.map((e) => Number(e.value)));
  // Prefilled with a test row; the prediction shown is predict() on it.
  let answer = await nextAnswer(page);
  const row = await values();
  assert.deepEqual(answer.row.map((v) => Number(v.toPrecision(6))), row);
  let [outputs] = await page.evaluate((r) => window.playground.predict([r]), row);
  assert.deepEqual((await bars(page)).map((b) => b.p), outputs);
  // A changed field: the prediction follows, and is still predict() on the row shown.
  await page.fill('.try-form input[data-try="2"]', '6.5');
  answer = await nextAnswer(page, answer);
  assert.equal(answer.row[2], 6.5);
  [outputs] = await page.evaluate((r) => window.playground.predict([r]), await values());
  assert.deepEqual((await bars(page)).map((b) => b.p), outputs);
  assert.deepEqual((await bars(page)).map((b) => b.name), ['세토사', '버시컬러', '버지니카']);
  const api = await page.evaluate((r) => window.playground.tryRow(r), await values());
  assert.deepEqual(api.outputs, outputs);
  // Not a number: the engine's message, naming the field, in Korean.
  await page.fill('.try-form input[data-try="0"]', 'abc');
  await page.waitForFunction(() => document.querySelector('.try-result .error')?.textContent.includes('abc'));
  assert.equal(await page.textContent('.try-result .error'), "sepal_length (꽃받침길이): 'abc'은(는) 숫자가 아닙니다");

  // The map starts on the two columns that tell the species apart, and shows them all.
  const map = await page.evaluate(() => window.playground.boundary());
  assert.deepEqual([map.x_name, map.y_name], ['petal_length (꽃잎길이)', 'petal_width (꽃잎폭)']);
  await page.waitForFunction(() => Number(document.getElementById('boundary').dataset.draws) >= 1);
  const rgba = await page.$eval('#boundary', (c) => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data));
  const counts = hues(rgba);
  const classes = Object.values(counts).filter((n) => n > 500).length;
  assert.ok(classes >= 2, `class colours on the map: ${JSON.stringify(counts)}`);
  // Another pair of axes, picked by the learner, redraws the map.
  const draws = Number(await page.getAttribute('#boundary', 'data-draws'));
  await page.selectOption('select[data-axis="x"]', '0');
  await page.waitForFunction((d) => Number(document.getElementById('boundary').dataset.draws) > d, draws);
  assert.equal((await tried(page)).boundary.x_name, 'sepal_length (꽃받침길이)');
  const same = await page.evaluate(() => window.playground.boundary(0, 0).catch((e) => ({ code: e.code, message: e.message })));
  assert.equal(same.code, 'boundary_axes');
  assert.equal(await overflow(page), 0);
  await page.evaluate(() => document.getElementById('try-model').scrollIntoView());
  await panelShot(page, 'trymodel-1366-iris-ko.png');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a phone a finger draws on the pad, and nothing scrolls sideways', async () => {
  const page = await openPlayground(browser, { viewport: { width: 390, height: 844 }, touch: true });
  await page.evaluate(() => window.playground.load('mnist-softmax', { epochs: 1 }));
  await page.click('#train');
  await page.waitForFunction(() => (window.playground.state().batch ?? 0) >= 100);
  await page.evaluate(() => window.playground.stop());
  await page.waitForFunction(() => window.playground.state().trained && document.querySelectorAll('#result-charts canvas').length >= 2
    && document.getElementById('message').textContent !== '' && !document.getElementById('try-model').classList.contains('off'));
  const box = await padBox(page);
  assert.ok(box.x >= 0 && box.x + box.w <= 390, JSON.stringify(box));
  // A real touch (the browser's own touch input), a stroke down the pad.
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  const cx = box.x + box.w / 2;
  await touch('touchStart', cx, box.y + box.h * 0.2);
  for (let i = 1; i <= 10; i++) await touch('touchMove', cx, box.y + box.h * (0.2 + 0.06 * i));
  await touch('touchEnd');
  const answer = await nextAnswer(page);
  assert.ok(answer.row.some((v) => v > 0), 'the stroke reached the model');
  const [outputs] = await page.evaluate((r) => window.playground.predict([r]), answer.row);
  assert.equal(Number(await page.getAttribute('.try-result', 'data-class')), argmax(outputs));
  assert.equal(await overflow(page), 0);
  const clear = await page.$eval('#try-model button', (b) => { const r = b.getBoundingClientRect(); return [r.width, r.height]; });
  assert.ok(clear[0] >= 44 && clear[1] >= 44, `Clear is ${clear}`);
  await panelShot(page, 'trymodel-390-mnist-ko.png');
  // Iris' form and map on the phone.
  await page.evaluate(() => window.playground.load('iris', { epochs: 30 }));
  await page.evaluate(() => window.playground.train());
  await page.waitForFunction(() => Number(document.getElementById('boundary')?.dataset.draws ?? 0) >= 1);
  assert.equal(await overflow(page), 0, 'the form and the map');
  await panelShot(page, 'trymodel-390-iris-ko.png');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
