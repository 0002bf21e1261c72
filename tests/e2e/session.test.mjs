// The session as a learner and a script meet it: loads that race each other, a load that
// fails halfway, a worker that crashes or goes silent, the same seed giving the same curves,
// and every kind of refusal worded in Korean. Each test waits for a condition, never a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPlayground, fulfillFixture, URL_BASE } from './harness.mjs';
import { openPage } from '../open-page.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The data each lesson loads (state().data.name).
const DATA_OF = {
  'linreg-gd': 'linreg-points', 'linreg-sgd': 'linspace-noise', thoracic: 'ThoraricSurgery.csv',
  'thoracic-deep': 'ThoraricSurgery.csv', iris: 'iris', 'mnist-softmax': 'mnist', 'mnist-mlp': 'mnist',
  fashion: 'fashion', pima: 'pima-indians-diabetes.csv', boston: 'boston.csv',
};

const HANGUL = /[\uAC00-\uD7A3]/;
/// What a message must never show a learner: a JavaScript error's own text.
const RAW = /TypeError|ReferenceError|SyntaxError|RangeError|invalid type|undefined|\[object Object\]|^Error\b|EngineError/;

/// Runs `fn(window.playground, arg)` in the page; a rejection comes back as `{error}` with
/// the error's name, code and message rather than as Playwright's text of it.
async function attempt(page, fn, arg) {
  return page.evaluate(async ([src, a]) => {
    // eslint-disable-next-line no-new-func
    const f = new Function(`return (${src})`)();
    try {
      return { value: await f(window.playground, a) };
    } catch (e) {
      return { error: { name: e?.name, code: e?.code, message: String(e?.message ?? e), params: e?.params ?? null } };
    }
  }, [fn.toString(), arg]);
}

const state = (page) => page.evaluate(() => window.playground.state());

/// Sets a form field as a learner does and waits until the engine's answer shows it.
async function setField(page, field, value) {
  await page.fill(`[data-field="${field}"]`, String(value));
  await page.dispatchEvent(`[data-field="${field}"]`, 'change');
  await page.waitForFunction(([f, v]) => {
    const s = window.playground.state();
    const got = f.split(/[.[\]]+/).filter(Boolean).reduce((o, k) => o?.[k], s.spec);
    return got === Number(v) || s.errors.some((e) => e.field === f && e.message.includes(v));
  }, [field, String(value)]);
}

/// The training worker (the download worker's URL has no `?wasm=`).
async function trainingWorker(page) {
  for (;;) {
    const worker = page.workers().find((w) => w.url().includes('worker.js?wasm='));
    if (worker) return worker;
    await page.waitForEvent('worker');
  }
}

/// Waits until training has run at least one slice (its weights have moved).
const trainingUnderWay = (page) => page.waitForFunction(() => {
  const s = window.playground.state();
  return s.training && (s.logs?.loss ?? 0) > 0;
});

test('race (a): a slow CSV load is superseded by the lesson picked next, which trains', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  const url = 'https://example.test/slow.csv';
  let answered;
  const served = new Promise((resolve) => { answered = resolve; });
  await page.context().route(url, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    // The request may be gone by now: the superseded download was cancelled.
    try { await fulfillFixture(route, 'ThoraricSurgery.csv'); } catch { /* aborted */ }
    answered();
  });
  await page.evaluate((u) => {
    window.__slow = window.playground.load({ data: { kind: 'csv', url: u, table: { target: ['17'] } } })
      .then(() => ({ ok: true }), (e) => ({ code: e.code, message: e.message }));
  }, url);
  await page.waitForFunction(() => window.playground.state().status === 'loading');
  await page.selectOption('#lesson', 'mnist-mlp');
  await page.waitForFunction(() => window.playground.state().lesson === 'mnist-mlp' && !document.getElementById('train').disabled);
  await setField(page, 'fit.epochs', 1);
  await page.waitForFunction(() => !document.getElementById('train').disabled);
  await page.click('#train');
  await page.waitForFunction(() => window.playground.state().training);
  await page.waitForFunction(() => !window.playground.state().training);
  const slow = await page.evaluate(() => window.__slow);
  assert.equal(slow.code, 'load_superseded', JSON.stringify(slow));
  await served;
  const s = await state(page);
  assert.equal(s.history?.epoch.length, 1, 'the one epoch trained');
  assert.equal(s.lesson, 'mnist-mlp');
  assert.equal(s.data.name, 'mnist');
  assert.equal(await page.inputValue('#lesson'), 'mnist-mlp');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('race (b): ArrowDown four times in the lesson menu ends on the lesson the menu shows, with its data and model', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  assert.equal((await state(page)).lesson, 'iris');
  await page.focus('#lesson');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => {
    const s = window.playground.state();
    return s.status !== 'loading' && s.lesson === document.getElementById('lesson').value;
  });
  const shown = await page.inputValue('#lesson');
  const s = await state(page);
  assert.equal(shown, 'pima', 'four lessons down from iris');
  assert.equal(s.lesson, shown);
  assert.equal(s.data.name, DATA_OF[shown]);
  // The model is the lesson's own: a fresh load of it gives the same setup and summary.
  const fresh = await page.evaluate((id) => window.playground.load(id), shown);
  assert.deepEqual(s.spec, fresh.spec);
  assert.equal(s.summary, fresh.summary);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('race (c): three loads at once end on the last one; the first two are superseded', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  const results = await page.evaluate(async () => {
    const all = await Promise.allSettled(['boston', 'thoracic', 'pima'].map((id) => window.playground.load(id)));
    return all.map((r) => (r.status === 'fulfilled' ? { ok: true } : { code: r.reason.code }));
  });
  assert.deepEqual(results, [{ code: 'load_superseded' }, { code: 'load_superseded' }, { ok: true }]);
  const s = await state(page);
  assert.equal(s.lesson, 'pima');
  assert.equal(s.data.name, 'pima-indians-diabetes.csv');
  assert.equal(await page.inputValue('#lesson'), 'pima');
  const fresh = await page.evaluate(() => window.playground.load('pima'));
  assert.deepEqual(s.spec, fresh.spec);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a load refused for its overrides changes nothing', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.evaluate(() => window.playground.load('iris'));
  const pick = (s) => ({ lesson: s.lesson, data: s.data.name, spec: s.spec, summary: s.summary });
  const before = pick(await state(page));
  const r = await attempt(page, (pg) => pg.load('boston', { epochs: 2.5 }));
  assert.ok(r.error, 'the load was refused');
  assert.match(r.error.message, /epochs/);
  assert.deepEqual(pick(await state(page)), before);
  assert.equal(await page.inputValue('#lesson'), 'iris');
  assert.equal(await page.inputValue('[data-field="fit.epochs"]'), String(before.spec.fit.epochs));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a failed upload or URL keeps the chosen lesson, its intro and its link', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.evaluate(() => window.playground.load('thoracic'));
  const intro = await page.textContent('#lesson-intro');
  const link = await page.evaluate(() => window.playground.shareLink());
  assert.ok(intro.length > 0);
  const unchanged = async (what) => {
    assert.equal(await page.inputValue('#lesson'), 'thoracic', what);
    assert.equal(await page.textContent('#lesson-intro'), intro, what);
    assert.equal(await page.evaluate(() => window.playground.shareLink()), link, what);
    const s = await state(page);
    assert.equal(s.lesson, 'thoracic', what);
    assert.equal(s.data.name, 'ThoraricSurgery.csv', what);
  };
  await page.setInputFiles('#file', { name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8\n') });
  await page.waitForFunction(() => /ragged\.csv/.test(document.getElementById('data-error').textContent));
  await unchanged('after a ragged upload');
  const r = await attempt(page, (pg) => pg.load({ data: { kind: 'csv', url: 'https://raw.githubusercontent.com/nobody/none/missing.csv' } }));
  assert.equal(r.error?.code, 'download_http_status');
  await unchanged('after a URL that answers 404');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('reset() while training is refused as busy, and the training runs all its epochs', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  // MNIST: long enough an epoch that the reset arrives while it trains.
  await page.evaluate(() => window.playground.load('mnist-mlp', { epochs: 2 }));
  await page.evaluate(() => { window.__training = window.playground.train(); });
  await trainingUnderWay(page);
  const r = await attempt(page, (pg) => pg.reset());
  assert.equal(r.error?.code, 'busy', JSON.stringify(r));
  const history = await page.evaluate(() => window.__training);
  assert.equal(history.epoch.length, 2);
  const s = await state(page);
  assert.equal(s.lesson, 'mnist-mlp');
  assert.equal(s.spec.fit.epochs, 2);
  assert.equal(s.history.epoch.length, 2, 'the history is kept');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the same seed gives the same curves; training on without a load does not', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  const run = () => page.evaluate(() => window.playground.load('thoracic', { epochs: 5, seed: 7 }).then(() => window.playground.train()));
  const first = await run();
  const second = await run();
  assert.equal(first.history.loss.length, 5);
  assert.deepEqual(second.history.loss, first.history.loss);
  const third = await page.evaluate(() => window.playground.train());
  assert.equal(third.history.loss.length, 5);
  assert.notDeepEqual(third.history.loss, first.history.loss, 'the third run goes on from the trained weights');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/// Trains `lesson` at `learningRate` for 20 epochs: it must stop early with a message that
/// names the epoch, and predict() on `row` must give finite numbers.
async function blowUp(page, lesson, learningRate, row) {
  await page.evaluate(([l, lr]) => window.playground.load(l, { learning_rate: lr, epochs: 20 }), [lesson, learningRate]);
  const history = await page.evaluate(() => window.playground.train());
  const message = await page.textContent('#message');
  assert.match(message, /learning rate/i);
  assert.ok(history.epoch.length < 20, `stopped after ${history.epoch.length} of 20 epochs; the message: ${message}`);
  // The epoch the message names is one the History has, or the one after its last.
  const named = Number(/epoch (\d+)/.exec(message)?.[1]);
  assert.ok(named >= 1 && named <= history.epoch.length + 1, `the message names epoch ${named}, the History has ${history.epoch.length}`);
  const out = await page.evaluate((r) => window.playground.predict([r]), row);
  assert.ok(out[0].length > 0 && out[0].every(Number.isFinite), `prediction ${JSON.stringify(out)}`);
}

test('pima at a learning rate of 1e30 stops early with a message, and predict() stays finite', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await blowUp(page, 'pima', 1e30, [6, 148, 72, 35, 0, 33.6, 0.627, 50]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// Iris at 1e6 keeps a finite loss while its weights overflow in the first epoch (one epoch
// alone ends with the weights message): the weights decide, and training stops there.
test('iris at a learning rate of 1e6: the weights overflow, training stops early, predict() stays finite', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await blowUp(page, 'iris', 1e6, [5.1, 3.5, 1.4, 0.2]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a worker crash while training: the message, worker_crashed, and the last trained weights back', async () => {
  const page = await openPlayground(browser, { locale: 'ko-KR' });
  await page.evaluate(() => window.playground.load('mnist-mlp', { epochs: 1 }));
  await page.evaluate(() => window.playground.train());
  const row = Array.from({ length: 784 }, (_, i) => ((i * 37) % 255) / 255);
  const trained = await page.evaluate((r) => window.playground.predict([r]), row);
  await setField(page, 'fit.epochs', 3);
  const spec = (await state(page)).spec;
  await page.evaluate(() => {
    window.__training = window.playground.train().then(() => ({ ok: true }), (e) => ({ code: e.code, message: e.message }));
  });
  await trainingUnderWay(page);
  const worker = await trainingWorker(page);
  await worker.evaluate(() => { setTimeout(() => { throw new Error('test crash'); }); });
  const result = await page.evaluate(() => window.__training);
  assert.equal(result.code, 'worker_crashed', JSON.stringify(result));
  assert.match(result.message, /학습 작업자/);
  await page.waitForFunction(() => /학습 작업자/.test(document.getElementById('message').textContent));
  // The new worker has the lesson again and the weights of the last completed training
  // (the second training never completed): results are drawn once they are back.
  await page.waitForFunction(() => {
    const s = window.playground.state();
    return s.status !== 'loading' && !s.training && document.querySelectorAll('#result-charts canvas').length > 0;
  });
  const s = await state(page);
  assert.equal(s.lesson, 'mnist-mlp');
  assert.deepEqual(s.spec, spec);
  assert.match(await page.textContent('#message'), /학습 작업자/);
  const after = await page.evaluate((r) => window.playground.predict([r]), row);
  assert.deepEqual(after, trained);
  assert.deepEqual(page.errors.filter((e) => !/test crash/.test(e)), []);
  await page.context().close();
});

test('a worker that stops answering while training is replaced within 5 s', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.evaluate(() => window.playground.load('mnist-mlp', { epochs: 3 }));
  await page.evaluate(() => {
    window.__training = window.playground.train().then(() => ({ ok: true }), (e) => ({ code: e.code, message: e.message }));
  });
  await trainingUnderWay(page);
  const worker = await trainingWorker(page);
  await worker.evaluate(() => { const end = Date.now() + 60000; setTimeout(() => { while (Date.now() < end) { /* hung */ } }); });
  const t0 = Date.now();
  await page.waitForFunction(() => /stopped answering/.test(document.getElementById('message').textContent)
    && !document.getElementById('train').disabled, null, { timeout: 5000 });
  const waited = Date.now() - t0;
  assert.ok(waited < 5000, `recovered after ${waited} ms`);
  const result = await page.evaluate(() => window.__training);
  assert.equal(result.code, 'worker_silent', JSON.stringify(result));
  assert.equal((await state(page)).lesson, 'mnist-mlp');
  await setField(page, 'fit.epochs', 1);
  const history = await page.evaluate(() => window.playground.train());
  assert.equal(history.epoch.length, 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/// A shown message: in Korean, without a JavaScript error's text.
function korean(text, what) {
  assert.match(text, HANGUL, `${what}: ${JSON.stringify(text)}`);
  assert.doesNotMatch(text, RAW, `${what}: ${JSON.stringify(text)}`);
}

test('in a Korean page every kind of refusal is worded in Korean', async () => {
  const page = await openPlayground(browser, { locale: 'ko-KR' });
  assert.equal((await state(page)).language, 'ko');

  // A field error, next to its field.
  await setField(page, 'model.layers[1].units', 0);
  const field = await page.evaluate(() => {
    const input = document.querySelector('[data-field="model.layers[1].units"]');
    return [...input.closest('li').querySelectorAll('.field-error')].map((n) => n.textContent).join(' ');
  });
  korean(field, 'units 0');
  await setField(page, 'model.layers[1].units', 8);

  // A load override error, an unknown lesson and a seed out of range.
  for (const [what, args] of [['override', ['iris', { epochs: 2.5 }]], ['unknown lesson', ['nope']], ['seed 1e30', ['iris', { seed: 1e30 }]]]) {
    const r = await attempt(page, (pg, a) => pg.load(...a), args);
    assert.ok(r.error, `${what} is refused`);
    korean(r.error.message, what);
    korean(await page.textContent('#data-error'), `${what} (#data-error)`);
  }
  const seed = await attempt(page, (pg) => pg.load('iris', { seed: 1e30 }));
  assert.match(seed.error.message, /seed/);
  assert.equal(seed.error.code, 'seed_range');

  // A CSV that cannot be read, and a URL that answers 404.
  await page.setInputFiles('#file', { name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8\n') });
  await page.waitForFunction(() => /ragged\.csv/.test(document.getElementById('data-error').textContent));
  korean(await page.textContent('#data-error'), 'ragged CSV');
  const missing = await attempt(page, (pg) => pg.load({ data: { kind: 'csv', url: 'https://raw.githubusercontent.com/nobody/none/missing.csv' } }));
  korean(missing.error?.message ?? '', '404 (rejection)');
  korean(await page.textContent('#data-error'), '404 (#data-error)');

  // Divergence.
  await page.evaluate(() => window.playground.load('iris', { learning_rate: 1e6, epochs: 20 }));
  await page.evaluate(() => window.playground.train());
  korean(await page.textContent('#message'), 'divergence');

  // A row of the wrong width.
  const predict = await attempt(page, (pg) => pg.predict([[1, 2]]));
  korean(predict.error?.message ?? '', 'predict width');

  // An unknown event: an Error with a message, not a TypeError.
  const on = await page.evaluate(() => {
    try { window.playground.on('nope', () => {}); return null; } catch (e) { return { name: e.name, message: e.message, isType: e instanceof TypeError }; }
  });
  assert.ok(on, 'on() refused the unknown event');
  assert.equal(on.isType, false);
  assert.match(on.message, /nope/);
  korean(on.message, "on('nope')");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('setLanguage called before the page is ready takes effect once it is', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  context.setDefaultTimeout(120_000);
  const errors = [];
  const page = await openPage(async () => {
    const p = await context.newPage();
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    return p;
  }, URL_BASE);
  await page.waitForFunction(() => window.playground !== undefined);
  const r = await page.evaluate(async () => {
    let ready = false;
    window.playground.ready.then(() => { ready = true; });
    const asked = window.playground.setLanguage('ko');
    const early = !ready;
    const answer = await asked;
    return { early, language: answer.language };
  });
  assert.equal(r.early, true, 'setLanguage was called before ready');
  assert.equal(r.language, 'ko');
  await page.evaluate(() => window.playground.ready);
  const s = await state(page);
  assert.equal(s.language, 'ko');
  assert.equal(s.lesson, 'iris');
  assert.equal(await page.textContent('#train'), '학습');
  assert.match(await page.textContent('#lesson-intro'), HANGUL);
  assert.deepEqual(errors, []);
  await context.close();
});
