// Bad input gets a specific message next to its field, and nothing the user had is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, ftruncateSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPlayground, OUTPUT, sharedPath } from './harness.mjs';

let browser;
let page;
before(async () => { browser = await launch(); page = await openPlayground(browser, { locale: 'en-US' }); });
after(async () => { await browser?.close(); });

/// Sets a field as a learner does and waits until the engine's answer has arrived: the spec
/// holds the new value, or the field has a message that quotes it (a whole number refused
/// by the form itself, a learning rate that is not a number).
async function setField(field, value) {
  await page.fill(`[data-field="${field}"]`, String(value));
  await page.dispatchEvent(`[data-field="${field}"]`, 'change');
  await page.waitForFunction(([f, v]) => {
    const s = window.playground.state();
    const got = f.split(/[.[\]]+/).filter(Boolean).reduce((o, k) => o?.[k], s.spec);
    return got === Number(v) || s.errors.some((e) => e.field === f && e.message.includes(Number.isNaN(Number(v)) ? 'NaN' : v));
  }, [field, String(value)]);
}

/// Waits until the spec's layers satisfy `check(layers)` (a layer added, removed or changed).
async function layersBecome(check, arg) {
  await page.waitForFunction(([src, a]) => new Function(`return (${src})`)()(window.playground.state().spec.model.layers, a), [check.toString(), arg]);
}

/// The messages next to a field once one matches `expected` (up to 3 s; then whatever is
/// there, for the assertion to show).
async function fieldMessage(field, expected = /./) {
  await page.waitForFunction(([f, source, flags]) => {
    const input = document.querySelector(`[data-field="${f}"]`);
    const holder = input.closest('li') ?? input.closest('label').parentElement;
    return new RegExp(source, flags).test([...holder.querySelectorAll('.field-error')].map((n) => n.textContent).join(' | '));
  }, [field, expected.source, expected.flags], { timeout: 3000 }).catch(() => {});
  return messageNow(field);
}

async function messageNow(field) {
  return page.evaluate((f) => {
    const input = document.querySelector(`[data-field="${f}"]`);
    const holder = input.closest('li') ?? input.closest('label').parentElement;
    return [...holder.querySelectorAll('.field-error')].map((n) => n.textContent).join(' | ');
  }, field);
}

test('0 units: a message on that layer, and Train explains why it is disabled', async () => {
  await setField('model.layers[1].units', 0);
  assert.match(await fieldMessage('model.layers[1].units', /units must be at least 1 \(got 0\)/), /units must be at least 1 \(got 0\)/);
  assert.equal(await page.isDisabled('#train'), true);
  assert.match(await page.textContent('#train-why'), /Fix these to train:[\s\S]*units must be at least 1/);
  await assert.rejects(page.evaluate(() => window.playground.train()), /units must be at least 1/);
  await setField('model.layers[1].units', 8);
  assert.equal(await page.isDisabled('#train'), false);
});

test('a fractional unit count is refused as not a whole number', async () => {
  await setField('model.layers[0].units', 2.5);
  assert.match(await fieldMessage('model.layers[0].units', /whole number/), /whole number/);
  assert.equal(await page.isDisabled('#train'), true);
  await setField('model.layers[0].units', 8);
  assert.equal(await page.isDisabled('#train'), false);
});

test('a dropout rate outside [0, 1) is explained next to the rate', async () => {
  await page.click('[data-add="Dropout"]');
  await layersBecome((layers) => layers.length === 5 && layers[3].type === 'Dropout');
  await setField('model.layers[3].rate', 1.5);
  assert.match(await fieldMessage('model.layers[3].rate', /rate/i), /rate/i);
  assert.equal(await page.isDisabled('#train'), true);
  await page.click('li[data-field="model.layers[3]"] button[aria-label="Remove"]');
  await layersBecome((layers) => layers.length === 4);
  assert.equal(await page.isDisabled('#train'), false);
});

test('a learning rate of 0 or NaN is explained next to the learning rate', async () => {
  for (const bad of ['0', 'abc']) {
    await setField('compile.optimizer.learning_rate', bad);
    assert.match(await fieldMessage('compile.optimizer.learning_rate', /learning rate/), /learning rate/);
    assert.equal(await page.isDisabled('#train'), true);
  }
  await setField('compile.optimizer.learning_rate', '0.001');
  assert.equal(await page.isDisabled('#train'), false);
});

test('an output layer that does not fit the loss is explained before training', async () => {
  await page.evaluate(() => window.playground.load('iris'));
  await page.selectOption('[data-field="model.layers[3].activation"]', 'relu');
  await layersBecome((layers) => layers[3].activation === 'relu');
  assert.match(await fieldMessage('model.layers[3].activation', /categorical_crossentropy expects probabilities: use activation='softmax'/), /categorical_crossentropy expects probabilities: use activation='softmax'/);
  await page.selectOption('[data-field="model.layers[3].activation"]', 'softmax');
  await layersBecome((layers) => layers[3].activation === 'softmax');
  const dense = (units, activation) => ({ type: 'Dense', units, activation });
  await page.evaluate((layers) => window.playground.load('iris', { layers }), [dense(8, 'relu'), dense(2, 'softmax')]);
  assert.match(await fieldMessage('model.layers[1].units', /2 unit\(s\) but the one-hot labels have 3 columns/), /2 unit\(s\) but the one-hot labels have 3 columns/);
  assert.equal(await page.isDisabled('#train'), true);
  await page.evaluate(() => window.playground.load('iris'));
  assert.equal(await page.isDisabled('#train'), false);
});

test('a CSV header is shown as text, never run as HTML', async () => {
  const csv = '<img src=x onerror="window.__xss=1">,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n';
  await page.setInputFiles('#file', { name: 'evil.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => window.playground.state().data?.name === 'evil.csv' && document.querySelectorAll('#preview th').length === 3);
  const header = await page.evaluate(() => [...document.querySelectorAll('#preview th')].map((th) => th.textContent));
  assert.equal(header[0], '<img src=x onerror="window.__xss=1">');
  assert.equal(await page.evaluate(() => document.querySelectorAll('#preview img').length), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
});

test('a Korean Excel (CP949) CSV shows its Korean header', async () => {
  // "온도,판매량,라벨" in CP949, then numbers.
  const header = Buffer.from('bfc2b5b52cc6c7b8c5b7ae2cb6f3baa7', 'hex');
  const body = Buffer.from('\r\n20,40,0\r\n21,42,1\r\n22,44,0\r\n23,46,1\r\n24,48,0\r\n25,50,1');
  await page.setInputFiles('#file', { name: 'lemonade-cp949.csv', mimeType: 'text/csv', buffer: Buffer.concat([header, body]) });
  await page.waitForFunction(() => window.playground.state().data?.name === 'lemonade-cp949.csv');
  const state = await page.evaluate(() => window.playground.state());
  assert.deepEqual(state.data.columns, ['온도', '판매량', '라벨']);
  assert.match(await page.textContent('#preview'), /EUC-KR/);
});

test('a ragged CSV names the file and the row, and the loaded data stays', async () => {
  const before = await page.evaluate(() => window.playground.state().data.name);
  const csv = 'a,b,c\n1,2,3\n4,5\n6,7,8\n';
  await page.setInputFiles('#file', { name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.getElementById('data-error').textContent.length > 0);
  const message = await page.textContent('#data-error');
  assert.match(message, /ragged\.csv/);
  assert.match(message, /row 3|line 3/);
  assert.equal(await page.evaluate(() => window.playground.state().data.name), before);
});

test('a non-numeric cell in a numeric column names row and column', async () => {
  const csv = 'x,y\n1,2\n2,abc\n3,4\n4,5\n';
  await page.setInputFiles('#file', { name: 'letters.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => /letters\.csv/.test(document.getElementById('data-error').textContent));
  const message = await page.textContent('#data-error');
  assert.match(message, /letters\.csv/);
  assert.match(message, /row 3/);
  assert.match(message, /column y|'y'/);
  assert.match(message, /abc/);
});

test('empty cells are reported by row and column, with a choice to drop those rows', async () => {
  await page.setInputFiles('#file', sharedPath('ko-iris2.csv'));
  await page.waitForFunction(() => /ko-iris2\.csv/.test(document.getElementById('data-error').textContent));
  const message = await page.textContent('#data-error');
  assert.match(message, /row 151/);
  assert.match(message, /꽃잎폭/);
  await page.check('#drop-empty');
  await page.click('#reload-data');
  await page.waitForFunction(() => window.playground.state().data?.name === 'ko-iris2.csv');
  const state = await page.evaluate(() => window.playground.state());
  assert.equal(state.data.train_rows + state.data.test_rows, 149);
});

test('a 200 MB file is refused with its size, without reading it', async () => {
  mkdirSync(OUTPUT, { recursive: true });
  const path = join(OUTPUT, 'huge.csv');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 200_000_000);
  closeSync(fd);
  await page.setInputFiles('#file', path);
  await page.waitForFunction(() => /huge\.csv/.test(document.getElementById('data-error').textContent));
  assert.match(await page.textContent('#data-error'), /huge\.csv is 200 MB, too big: the playground reads files up to 100 MB/);
});

test('an empty file and a failing URL get messages; the data stays', async () => {
  const before = await page.evaluate(() => window.playground.state().data.name);
  await page.setInputFiles('#file', { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await page.waitForFunction(() => /empty\.csv/.test(document.getElementById('data-error').textContent));
  await assert.rejects(page.evaluate(() => window.playground.load({ data: { kind: 'csv', url: 'https://raw.githubusercontent.com/nobody/none/missing.csv' } })), /HTTP 404/);
  assert.match(await page.textContent('#data-error'), /missing\.csv: HTTP 404/);
  await assert.rejects(page.evaluate(() => window.playground.load({ data: { kind: 'csv', url: 'http://127.0.0.1:9/offline.csv' } })), /could not fetch/);
  assert.equal(await page.evaluate(() => window.playground.state().data.name), before);
});

test('a worker crash is reported, the settings survive and training works again', async () => {
  await page.evaluate(() => window.playground.load('iris', { epochs: 3 }));
  await setField('fit.batch_size', 7);
  // An uncaught error in the training worker, as a bug in it would throw.
  const worker = page.workers().find((w) => w.url().includes('worker.js?wasm='));
  assert.ok(worker, page.workers().map((w) => w.url()).join(', '));
  await worker.evaluate(() => { setTimeout(() => { throw new Error('test crash'); }); });
  await page.waitForFunction(() => /worker stopped/.test(document.getElementById('message').textContent));
  // The new worker has the lesson and the setup again once Train is enabled.
  await page.waitForFunction(() => window.playground.state().status !== 'loading' && !document.getElementById('train').disabled);
  const state = await page.evaluate(() => window.playground.state());
  assert.equal(state.lesson, 'iris');
  assert.equal(state.spec.fit.batch_size, 7);
  assert.match(state.message, /worker stopped \(.*test crash.*\)/);
  const history = await page.evaluate(() => window.playground.train());
  assert.equal(history.epoch.length, 3);
  assert.equal(page.errors.filter((e) => !/test crash/.test(e)).length, 0, page.errors.join('\n'));
});

test('training that diverges stops with a message and keeps the last good weights', async () => {
  await page.evaluate(() => window.playground.load('linreg-gd', { learning_rate: 1.0 }));
  const history = await page.evaluate(() => window.playground.train());
  assert.ok(history.epoch.length < 2001, 'stopped early');
  const message = await page.textContent('#message');
  assert.match(message, /epoch \d+/i);
  assert.match(message, /learning rate/i);
  const out = await page.evaluate(() => window.playground.predict([[4]]));
  assert.ok(Number.isFinite(out[0][0]), `prediction ${out[0][0]}`);
});
