// The notebook's kernel as the notebook page drives it (web/js/notebook/kernel-client.js and
// web/notebook-worker.js): cells run in a worker, outputs in Jupyter's shapes, the Keras
// progress line while a fit runs, Interrupt, Restart, files from URLs and from the page.
// The page under test is a bare one answered by the test itself (it is not part of the
// site), on the served site's origin so that it loads the real modules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, routeLectureUrls, URL_BASE, last } from './harness.mjs';
import { openPage } from '../open-page.mjs';

const PAGE = `${URL_BASE}notebook-kernel-test.html`;
const HTML = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>kernel</title>
<script type="module">
import { NotebookKernel, messageText, drawFigure } from './js/notebook/kernel-client.js';
window.kernel = new NotebookKernel({ lang: 'ko' });
window.messageText = messageText;
window.drawFigure = drawFigure;
/// Runs a cell, keeping what the callbacks heard (with the time) in window.heard.
window.runCell = (source) => {
  window.heard = { outputs: [], progress: [] };
  const t0 = performance.now();
  return window.kernel.run(source, {
    onOutput: (o) => window.heard.outputs.push({ at: performance.now() - t0, output: o }),
    onProgress: (text) => window.heard.progress.push({ at: performance.now() - t0, text }),
  });
};
</script>`;

const PIMA = 'https://raw.githubusercontent.com/gilbutITbook/080228/master/deeplearning/dataset/pima-indians-diabetes.csv';

let browser;
let page;
before(async () => {
  browser = await launch();
  const context = await browser.newContext({ locale: 'ko-KR' });
  context.setDefaultTimeout(120_000);
  await routeLectureUrls(context);
  await context.route(PAGE, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: HTML }));
  page = await openPage(async () => {
    const p = await context.newPage();
    p.errors = [];
    p.on('pageerror', (e) => p.errors.push(String(e)));
    p.on('console', (m) => { if (m.type() === 'error') p.errors.push(m.text()); });
    return p;
  }, PAGE);
  await page.waitForFunction(() => window.kernel !== undefined);
  await page.evaluate(() => window.kernel.ready);
});
after(async () => { await browser?.close(); });

const run = (source) => page.evaluate((s) => window.runCell(s), source);
const text = (outputs) => outputs.filter((o) => o.output_type === 'stream').map((o) => o.text).join('');
const shown = (outputs) => outputs.find((o) => o.output_type === 'execute_result')?.data['text/plain'];
const errorOf = (outputs) => outputs.find((o) => o.output_type === 'error');

test('a cell prints and shows its last value, numbered as Jupyter numbers cells', async () => {
  await page.evaluate(() => window.kernel.restart());
  const first = await run("print('합', 1 + 2)\n3 * 7");
  assert.deepEqual(first.outputs, [
    { output_type: 'stream', name: 'stdout', text: '합 3\n' },
    { output_type: 'execute_result', execution_count: 1, data: { 'text/plain': '21' } },
  ]);
  assert.equal(first.executionCount, 1);
  // The callbacks heard the same outputs as they came.
  assert.deepEqual(await page.evaluate(() => window.heard.outputs.map((h) => h.output)), first.outputs);
  const second = await run('x = [1, 2.5, "a"]\nx');
  assert.equal(shown(second.outputs), "[1, 2.5, 'a']");
  assert.equal(second.executionCount, 2);
  assert.deepEqual(page.errors, []);
});

test('a SyntaxError comes as an error output with its name, line and Korean text', async () => {
  const { outputs } = await run('a = 1\nb = (a +\nprint(b)');
  const e = errorOf(outputs);
  assert.ok(e, JSON.stringify(outputs));
  assert.equal(e.ename, 'SyntaxError');
  assert.equal(typeof e.line, 'number');
  assert.ok(e.line >= 2 && e.line <= 3, `line ${e.line}`);
  assert.equal(typeof e.column, 'number');
  assert.match(e.message_ko, /[가-힣]/);
  assert.ok(e.message_en.length > 0);
  // A NameError names the variable in both languages, on its line.
  const name = errorOf((await run('a = 1\nb = a + 종속')).outputs);
  assert.equal(name.ename, 'NameError');
  assert.equal(name.line, 2);
  assert.match(name.message_ko, /'종속'/);
  assert.match(name.message_en, /name '종속' is not defined/);
});

test("a fit cell's progress line changes several times before the cell ends", async () => {
  const result = await run([
    'import numpy as np',
    'from tensorflow import keras',
    'np.random.seed(3)',
    'X = np.random.rand(20000, 32)',
    'y = (X.sum(axis=1) > 16).astype(float)',
    "model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(32,)), keras.layers.Dense(1, activation='sigmoid')])",
    "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])",
    'h = model.fit(X, y, epochs=30, batch_size=32)',
  ].join('\n'));
  assert.equal(errorOf(result.outputs), undefined, JSON.stringify(errorOf(result.outputs)));
  const progress = await page.evaluate(() => window.heard.progress);
  const distinct = new Set(progress.map((p) => p.text));
  assert.ok(distinct.size >= 3, `progress lines: ${JSON.stringify(progress.slice(0, 5))}`);
  // Keras' moving line: "n/625 [====>...] ..."
  assert.ok(progress.every((p) => /^\s*\d+\/625 \[/.test(p.text)), progress[0]?.text);
  // Each epoch's finished line is an output of the cell.
  const printed = text(result.outputs);
  assert.match(printed, /Epoch 1\/30\n625\/625 \[=+\]/);
  assert.match(printed, /Epoch 30\/30\n625\/625 \[=+\]/);
  // The lines came while the cell ran, not all at its end.
  const outputs = await page.evaluate(() => window.heard.outputs);
  assert.ok(progress[0].at < last(outputs).at - 100, `first progress at ${progress[0].at} ms, last output at ${last(outputs).at} ms`);
});

test('Interrupt stops an MNIST fit within 200 ms, and the next cell evaluates the weights trained so far', async () => {
  const setup = await run([
    'import tensorflow as tf',
    '(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()',
    'x_train = x_train.reshape(60000, 784) / 255.0',
    'x_test = x_test.reshape(10000, 784) / 255.0',
    'model = tf.keras.Sequential([',
    "    tf.keras.layers.Dense(128, activation='relu', input_shape=(784,)),",
    "    tf.keras.layers.Dense(10, activation='softmax'),",
    '])',
    "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])",
    'x_train.shape',
  ].join('\n'));
  assert.equal(errorOf(setup.outputs), undefined, JSON.stringify(errorOf(setup.outputs)));
  assert.equal(shown(setup.outputs), '(60000, 784)');
  await page.evaluate(() => { window.fitting = window.runCell('model.fit(x_train, y_train, epochs=5)'); });
  // Well into the first epoch (1875 batches of 32).
  await page.waitForFunction(() => {
    const p = window.heard.progress.at(-1);
    return p && Number(p.text.trim().split('/')[0]) >= 300;
  }, null, { timeout: 120_000 });
  const ms = await page.evaluate(async () => {
    const t0 = performance.now();
    await window.kernel.interrupt();
    await window.fitting;
    return performance.now() - t0;
  });
  assert.ok(ms < 200, `Interrupt took ${ms} ms`);
  const fit = await page.evaluate(() => window.fitting);
  const e = errorOf(fit.outputs);
  assert.equal(e?.ename, 'KeyboardInterrupt', JSON.stringify(fit.outputs));
  assert.match(e.message_ko, /[가-힣]/);
  assert.ok(!/Epoch 2\/5/.test(text(fit.outputs)), 'stopped within the first epoch');
  // The variables and the weights stay: after a few hundred batches the model is far
  // better than chance (0.1).
  const evaluated = await run('loss, acc = model.evaluate(x_test, y_test, verbose=0)\nprint(acc)');
  assert.equal(errorOf(evaluated.outputs), undefined, JSON.stringify(evaluated.outputs));
  const acc = Number(text(evaluated.outputs));
  assert.ok(acc > 0.85, `test accuracy after the interrupted fit: ${acc}`);
});

test('read_csv of a lecture URL fetches it', async () => {
  const { outputs } = await run([
    'import pandas as pd',
    `df = pd.read_csv('${PIMA}', header=None)`,
    'print(df.shape)',
    'df.iloc[0, 8]',
  ].join('\n'));
  assert.equal(errorOf(outputs), undefined, JSON.stringify(outputs));
  assert.equal(text(outputs), '(768, 9)\n');
  assert.match(shown(outputs), /^(np\.int64\()?1\)?$/);
  // An address that does not answer is Python's error with the address, not a hang.
  const missing = errorOf((await run("pd.read_csv('https://raw.githubusercontent.com/nobody/none/master/missing.csv')")).outputs);
  assert.equal(missing?.ename, 'FileNotFoundError', JSON.stringify(missing));
  assert.match(missing.message_en, /missing\.csv/);
});

test('a file added by the page is read by its name, also after a restart', async () => {
  await page.evaluate(() => window.kernel.addFile('점수.csv', '이름,점수\n가,70\n나,85\n다,90\n'));
  await page.evaluate(() => window.kernel.addFile('data.csv', new TextEncoder().encode('a,b\n1,2\n3,4\n')));
  const { outputs } = await run("import pandas as pd\ndf = pd.read_csv('점수.csv')\nprint(df['점수'].sum(), pd.read_csv('data.csv')['b'].sum())");
  assert.equal(errorOf(outputs), undefined, JSON.stringify(outputs));
  assert.equal(text(outputs), '245 6\n');
  await page.evaluate(() => window.kernel.restart());
  const again = await run("import pandas as pd\nlen(pd.read_csv('data.csv'))");
  assert.equal(shown(again.outputs), '2');
  assert.equal(again.executionCount, 1, 'a restart numbers cells from 1 again');
  // A name nobody added is FileNotFoundError.
  const none = errorOf((await run("pd.read_csv('없는파일.csv')")).outputs);
  assert.equal(none?.ename, 'FileNotFoundError');
});

test('Interrupt ends a top-level endless loop at once and keeps the variables', async () => {
  await run('kept = 42');
  await page.evaluate(() => { window.looping = window.runCell("n = 0\nprint('돌기 시작')\nwhile True:\n    n += 1"); });
  // The text printed before the loop arrives after the cell's first slice: it is looping.
  await page.waitForFunction(() => window.heard.outputs.length > 0);
  const ms = await page.evaluate(async () => {
    const t0 = performance.now();
    await window.kernel.interrupt();
    return performance.now() - t0;
  });
  assert.ok(ms < 200, `Interrupt took ${ms} ms`);
  const looped = await page.evaluate(() => window.looping);
  assert.equal(errorOf(looped.outputs)?.ename, 'KeyboardInterrupt');
  const after = await run('print(kept, n > 0)');
  assert.equal(text(after.outputs), '42 True\n');
});

test('a loop stuck inside a def is ended by replacing the kernel, with a message that says so', async () => {
  await run('kept = 1');
  await page.evaluate(() => { window.stuck = window.runCell('def spin():\n    while True:\n        pass\n\nspin()'); });
  // The worker is busy inside one slice that never ends: nothing but the interrupt can help.
  const ms = await page.evaluate(async () => {
    const t0 = performance.now();
    await window.kernel.interrupt();
    return performance.now() - t0;
  });
  assert.ok(ms < 1500, `the kernel was replaced after ${ms} ms`);
  const stuck = await page.evaluate(() => window.stuck);
  const e = errorOf(stuck.outputs);
  assert.equal(e?.code, 'nb_kernel_restarted', JSON.stringify(stuck.outputs));
  assert.match(e.message_ko, /커널을 다시 시작했습니다/);
  assert.match(e.message_en, /kernel was restarted/);
  // A fresh kernel: the old variables are gone, new cells run.
  const after = errorOf((await run('kept')).outputs);
  assert.equal(after?.ename, 'NameError');
  assert.equal(shown((await run('6 * 7')).outputs), '42');
});

test("a figure a cell made is drawn on a canvas by this page's instance of the notebook wasm", async () => {
  const { outputs } = await run("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3, 4], [1, 4, 9, 16], 'r-')\nplt.title('제곱')\nplt.show()");
  assert.equal(errorOf(outputs), undefined, JSON.stringify(outputs));
  const figure = outputs.find((o) => o.output_type === 'display_data');
  assert.ok(figure?.data['application/vnd.noriteo.figure+json'], JSON.stringify(outputs));
  const pixels = await page.evaluate((spec) => {
    const canvas = document.createElement('canvas');
    document.body.append(canvas);
    window.drawFigure(canvas, spec, 400);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let red = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] > 180 && data[i + 1] < 90 && data[i + 2] < 90) red += 1;
    return { width: canvas.width, red };
  }, figure.data['application/vnd.noriteo.figure+json']);
  assert.ok(pixels.width >= 400, `canvas width ${pixels.width}`);
  assert.ok(pixels.red > 100, `red line pixels: ${pixels.red}`);
});
