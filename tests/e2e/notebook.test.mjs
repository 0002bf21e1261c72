// The notebook page: Jupyter's keys (and a Korean IME's Enter), outputs, errors with the line
// marked, figures, the progress line, .ipynb files, share links and a phone's width.
// NORITEO_NOTEBOOK_KERNEL=mock runs the page on its stand-in kernel (for work on the page alone).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPlayground, screenshot, URL_BASE } from './harness.mjs';
import { openPage } from '../open-page.mjs';

const KERNEL = process.env.NORITEO_NOTEBOOK_KERNEL === 'mock' ? 'kernel=mock' : '';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The notebook page, ready (kernel started), with `cells` loaded; page errors are collected.
async function openNotebook({ cells, query = '', hash = '', locale = 'ko-KR', viewport = { width: 1280, height: 900 }, touch = false } = {}) {
  const context = await browser.newContext({ locale, viewport, acceptDownloads: true, ...(touch ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}) });
  context.setDefaultTimeout(120_000);
  const search = [KERNEL, query].filter(Boolean).join('&');
  const page = await openPage(async () => {
    const p = await context.newPage();
    p.errors = [];
    p.on('pageerror', (e) => p.errors.push(String(e)));
    return p;
  }, `${URL_BASE}notebook.html${search ? `?${search}` : ''}${hash}`);
  await page.waitForFunction(() => window.notebook !== undefined);
  await page.evaluate(() => window.notebook.ready);
  if (cells) await page.evaluate((c) => window.notebook.load(c), cells);
  return page;
}

const cellEl = (page, i) => page.locator('#cells > .cell').nth(i);
const focusEditor = async (page, i) => { await cellEl(page, i).locator('.cm-content').click(); };

test('Shift+Enter runs the cell and moves to the next, adding one at the end', async () => {
  const page = await openNotebook({ cells: [{ type: 'code', source: 'print("hello")' }] });
  await focusEditor(page, 0);
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(() => window.notebook.outputs(0).some((o) => o.type === 'text' && o.text === 'hello\n'));
  assert.equal(await page.evaluate(() => window.notebook.cells().length), 2, 'a new cell at the end');
  assert.equal(await page.evaluate(() => window.notebook.cells()[0].source), 'print("hello")', 'Shift+Enter adds no line');
  assert.ok(await cellEl(page, 1).evaluate((el) => el.contains(document.activeElement)), 'the new cell has the focus');
  await page.waitForFunction(() => document.querySelector('#cells > .cell .prompt').textContent === '[1]');
  // Ctrl+Enter runs in place; the count goes up and the focus stays.
  await focusEditor(page, 0);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => document.querySelector('#cells > .cell .prompt').textContent.startsWith('[2]'));
  assert.ok(await cellEl(page, 0).evaluate((el) => el.contains(document.activeElement)));
  assert.equal(await page.evaluate(() => window.notebook.cells().length), 2);
  // An edit after the run marks the cell.
  await page.keyboard.press('End');
  await page.keyboard.type(' ');
  assert.ok(await cellEl(page, 0).evaluate((el) => el.classList.contains('dirty')));
  // Command mode: Esc, then B inserts below, D D deletes it.
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  assert.equal(await page.evaluate(() => window.notebook.cells().length), 3);
  await page.keyboard.press('d');
  await page.keyboard.press('d');
  assert.equal(await page.evaluate(() => window.notebook.cells().length), 2);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Alt+Enter inserts a cell below; a Markdown cell renders on Shift+Enter; A, arrows and Enter in command mode', async () => {
  const page = await openNotebook({ cells: [{ type: 'code', source: '1 + 1' }, { type: 'markdown', source: '' }] });
  await focusEditor(page, 0);
  await page.keyboard.press('Alt+Enter');
  await page.waitForFunction(() => window.notebook.outputs(0).length === 1);
  assert.deepEqual(await page.evaluate(() => window.notebook.cells().map((c) => c.type)), ['code', 'code', 'markdown']);
  assert.ok(await cellEl(page, 1).evaluate((el) => el.contains(document.activeElement)), 'the inserted cell is being edited');
  await cellEl(page, 2).locator('.cm-content').click();
  await page.keyboard.type('## 제목 **굵게**');
  await page.keyboard.press('Shift+Enter');
  assert.equal(await cellEl(page, 2).locator('.markdown h2 strong').textContent(), '굵게');
  assert.equal(await page.evaluate(() => window.notebook.cells().length), 4, 'Shift+Enter on the last cell adds one');
  // Command mode: ↑ selects the Markdown cell, Enter edits it again, Esc shows it, A inserts above.
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowUp');
  assert.ok(await cellEl(page, 2).evaluate((el) => el === document.activeElement));
  await page.keyboard.press('Enter');
  assert.ok(await cellEl(page, 2).locator('.editor').isVisible());
  await page.keyboard.press('Escape');
  assert.ok(await cellEl(page, 2).locator('.markdown h2').isVisible());
  await page.keyboard.press('a');
  assert.deepEqual(await page.evaluate(() => window.notebook.cells().map((c) => c.type)), ['code', 'code', 'code', 'markdown', 'code']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an Enter that a Korean IME is composing with never runs the cell nor adds a line', async () => {
  const page = await openNotebook({ cells: [{ type: 'code', source: 'print("안녕")' }, { type: 'code', source: '' }] });
  await focusEditor(page, 0);
  await page.keyboard.press('End');
  const before = await page.evaluate(() => window.notebook.cells()[0].source);
  for (const init of [{ isComposing: true, keyCode: 13 }, { isComposing: false, keyCode: 229 }]) {
    for (const shiftKey of [true, false]) {
      await page.evaluate(({ init, shiftKey }) => {
        const target = document.querySelector('#cells > .cell .cm-content');
        const e = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', shiftKey, isComposing: init.isComposing, bubbles: true, cancelable: true });
        // keyCode is not part of KeyboardEventInit: Chrome's IME keys carry 229 on the event itself.
        Object.defineProperty(e, 'keyCode', { value: init.keyCode });
        target.dispatchEvent(e);
      }, { init, shiftKey });
    }
  }
  // The real Enter after the composition ends still runs the cell: the page is awake.
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(() => window.notebook.outputs(0).length > 0);
  const cells = await page.evaluate(() => window.notebook.cells());
  assert.equal(cells[0].source, before, 'no line added while composing');
  assert.equal(cells.length, 2, 'no cell added while composing');
  assert.deepEqual(await page.evaluate(() => window.notebook.outputs(0).map((o) => o.text)), ['안녕\n'], 'the cell ran once, for the real Shift+Enter');
  assert.match(await cellEl(page, 0).locator('.prompt').textContent(), /^\[1\]/);
  await page.context().close();
});

for (const [name, source, ename] of [
  ['SyntaxError', 'x = 1\nprint((x, 2)', 'SyntaxError'],
  ['NameError', 'x = 1\nundefined_name + x', 'NameError'],
]) {
  test(`a ${name} shows its Korean message and marks line 2 in the editor`, async () => {
    const page = await openNotebook({ cells: [{ type: 'code', source }] });
    const outputs = await page.evaluate(() => window.notebook.run(0));
    const error = outputs.find((o) => o.type === 'error');
    assert.ok(error, JSON.stringify(outputs));
    assert.equal(error.ename, ename);
    assert.equal(error.line, 2);
    assert.match(error.message_ko, /[가-힣]/, 'a Korean explanation');
    const shown = await cellEl(page, 0).locator('.output.error').textContent();
    assert.ok(shown.includes(ename) && shown.includes(error.message_ko), shown);
    assert.match(shown, /2번째 줄/);
    const marked = cellEl(page, 0).locator('.cm-error-line');
    assert.equal(await marked.count(), 1);
    assert.match(await marked.textContent(), ename === 'SyntaxError' ? /print\(\(x, 2\)/ : /undefined_name/);
    // English shows the English text; an edit clears the mark.
    await page.click('#language');
    assert.ok((await cellEl(page, 0).locator('.output.error').textContent()).includes(error.message_en));
    await focusEditor(page, 0);
    await page.keyboard.type('#');
    assert.equal(await marked.count(), 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('a figure cell draws on a canvas that fits the cell, and is drawn again narrower on a phone', async () => {
  const page = await openNotebook({ cells: [{ type: 'code', source: 'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3, 4], [1, 4, 9, 16])\nplt.show()' }] });
  const outputs = await page.evaluate(() => window.notebook.run(0));
  assert.ok(outputs.some((o) => o.type === 'figure'), JSON.stringify(outputs).slice(0, 400));
  const canvas = cellEl(page, 0).locator('canvas.figure');
  assert.equal(await canvas.count(), 1);
  const shape = async () => canvas.evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) inked++;
    return { inked, width: c.getBoundingClientRect().width, pixels: c.width, cellWidth: c.closest('.outputs').clientWidth };
  });
  const wide = await shape();
  assert.ok(wide.inked > 200, `coloured pixels on the figure: ${wide.inked}`);
  assert.ok(wide.width <= wide.cellWidth && wide.width >= 200, `a figure ${wide.width} px wide in a cell ${wide.cellWidth} px wide`);
  // On a phone the figure narrows to the cell and is drawn again, as sharp as before.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => {
    const c = document.querySelector('canvas.figure');
    return Math.abs(c.getBoundingClientRect().width - c.closest('.outputs').clientWidth) <= 2 && c.width === Math.round(c.getBoundingClientRect().width);
  });
  const narrow = await shape();
  assert.ok(narrow.inked > 100, `coloured pixels on the narrowed figure: ${narrow.inked}`);
  assert.ok(narrow.width < wide.width, `${narrow.width} < ${wide.width}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390);
  await page.context().close();
});

const FIT = (epochs) => [
    'import numpy as np',
    'from keras.models import Sequential',
    'from keras.layers import Dense',
    'X = np.random.randn(4000, 4)',
    'y = (X[:, 0] > 0) * 1.0',
    "m = Sequential([Dense(1, activation='sigmoid', input_dim=4)])",
    "m.compile(loss='binary_crossentropy', metrics=['accuracy'])",
    `h = m.fit(X, y, epochs=${epochs}, batch_size=4)`,
  ].join('\n');

test("a fit cell's progress line updates in place and the finished epoch lines stay", async () => {
  const source = FIT(3);
  const page = await openNotebook({ cells: [{ type: 'code', source }] });
  await page.evaluate(() => {
    window.seen = { texts: new Set(), most: 0 };
    const cell = document.querySelector('#cells > .cell');
    new MutationObserver(() => {
      const lines = cell.querySelectorAll('pre.progress');
      window.seen.most = Math.max(window.seen.most, lines.length);
      for (const l of lines) window.seen.texts.add(l.textContent);
    }).observe(cell, { subtree: true, childList: true, characterData: true });
  });
  const outputs = await page.evaluate(() => window.notebook.run(0));
  const seen = await page.evaluate(() => ({ count: window.seen.texts.size, most: window.seen.most }));
  assert.ok(seen.count >= 2, `the progress line changed ${seen.count} times`);
  assert.equal(seen.most, 1, 'one progress line at a time');
  const text = outputs.filter((o) => o.type === 'text').map((o) => o.text).join('');
  for (const e of [1, 2, 3]) assert.match(text, new RegExp(`Epoch ${e}/3`));
  assert.equal(await cellEl(page, 0).locator('pre.progress').count(), 0, 'the live line is gone once the cell ends');
  await page.context().close();
});

test('Download .ipynb then Open gives the same cells back, and the file is nbformat 4', async () => {
  const cells = [
    { type: 'markdown', source: '# 제목\n\n설명 <b>굵게</b>' },
    { type: 'code', source: 'x = 3\nprint(6)' },
    { type: 'code', source: '1 + 2' },
  ];
  const page = await openNotebook({ cells });
  await page.evaluate(() => window.notebook.runAll());
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const text = readFileSync(await download.path(), 'utf8');
  const nb = JSON.parse(text);
  assert.equal(nb.nbformat, 4);
  assert.deepEqual(nb.cells.map((c) => c.cell_type), ['markdown', 'code', 'code']);
  assert.deepEqual(nb.cells[1].source, ['x = 3\n', 'print(6)']);
  assert.deepEqual(nb.cells[1].outputs[0], { output_type: 'stream', name: 'stdout', text: ['6\n'] });
  assert.equal(nb.cells[2].outputs[0].output_type, 'execute_result');
  assert.deepEqual(nb.cells[2].outputs[0].data['text/plain'], ['3']);
  // The Markdown's HTML is shown as text, never as an element.
  assert.equal(await cellEl(page, 0).locator('.markdown b').count(), 0);
  assert.match(await cellEl(page, 0).locator('.markdown').textContent(), /<b>굵게<\/b>/);

  await page.evaluate(() => window.notebook.load([{ type: 'code', source: 'other' }]));
  await page.setInputFiles('#open', { name: 'back.ipynb', mimeType: 'application/x-ipynb+json', buffer: Buffer.from(text) });
  await page.waitForFunction(() => window.notebook.cells().length === 3);
  assert.deepEqual(await page.evaluate(() => window.notebook.cells()), cells);
  assert.deepEqual(await page.evaluate(() => window.notebook.outputs(1)), [{ type: 'text', name: 'stdout', text: '6\n' }], 'outputs come back too');
  // A file that is not a notebook is refused with a message; the cells stay.
  await page.setInputFiles('#open', { name: 'bad.ipynb', mimeType: 'application/json', buffer: Buffer.from('{"nope": 1}') });
  await page.waitForFunction(() => !document.getElementById('note').hidden);
  assert.match(await page.textContent('#note'), /노트북\(\.ipynb\)이 아닙니다/);
  assert.equal(await page.evaluate(() => window.notebook.cells().length), 3);
  await page.context().close();
});

test('a share link restores the cells; a broken one says so', async () => {
  const cells = [{ type: 'markdown', source: '## 공유' }, { type: 'code', source: 'print("공유된 셀")\n# <script>window.__xss = 1</script>' }];
  const page = await openNotebook({ cells });
  await page.click('#share');
  const link = await page.inputValue('#share-link');
  assert.match(link, /notebook\.html#nb=[A-Za-z0-9_-]+$/);
  const embedSrc = (await page.inputValue('#embed-code')).match(/src="([^"]+)"/)[1];
  assert.equal(embedSrc, link.replace('#nb=', '?embed#nb='));
  await page.context().close();
  const other = await openNotebook({ hash: link.slice(link.indexOf('#')) });
  assert.deepEqual(await other.evaluate(() => window.notebook.cells()), cells);
  assert.equal(await other.evaluate(() => window.__xss), undefined);
  await other.context().close();
  // The embed snippet's page: the same cells, without the toolbar.
  const embedded = await openNotebook({ query: 'embed', hash: embedSrc.slice(embedSrc.indexOf('#')) });
  assert.deepEqual(await embedded.evaluate(() => window.notebook.cells()), cells);
  assert.equal(await embedded.locator('.toolbar').isVisible(), false);
  await embedded.context().close();
  const broken = await openNotebook({ hash: '#nb=AAAA' + 'x'.repeat(30) });
  assert.match(await broken.textContent('#note'), /읽을 수 없습니다/);
  await broken.context().close();
});

test('at 390×844 nothing scrolls sideways; Korean screenshots at 1366×768 and 390×844', async () => {
  const cells = [
    { type: 'markdown', source: '# 레슨 1: 공부 시간과 성적\n\n공부 시간(`x`)으로 성적(`y`)을 예측하는 **직선**을 찾습니다. 아주 긴 주소도 줄을 바꿉니다: https://raw.githubusercontent.com/gilbutITbook/080228/master/deeplearning/dataset/ThoraricSurgery.csv' },
    { type: 'code', source: 'import numpy as np\nx = np.array([2, 4, 6, 8])\ny = np.array([81, 93, 91, 97])\nprint("기울기를 찾습니다", "=" * 120)\nx * 10' },
    { type: 'code', source: 'undefined_name' },
  ];
  for (const [viewport, name] of [[{ width: 1366, height: 768 }, 'notebook-ko-1366.png'], [{ width: 390, height: 844 }, 'notebook-ko-390.png']]) {
    const page = await openNotebook({ cells, viewport, touch: viewport.width < 500 });
    await page.evaluate(() => window.notebook.runAll());
    await page.waitForFunction(() => window.notebook.outputs(2).some((o) => o.type === 'error'));
    if (viewport.width < 500) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the page is ${width} px wide`);
      await page.click('#files summary');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'the open Files panel fits too');
      await page.click('#files summary');
    }
    await screenshot(page, name);
    await page.context().close();
  }
});

test('window.notebook: cells, run, outputs and addFile; embed mode shows the chosen cells', async () => {
  const page = await openNotebook({ cells: [{ type: 'code', source: '2 * 21' }] });
  assert.deepEqual(await page.evaluate(() => window.notebook.run(0)), [{ type: 'value', text: '42' }]);
  await assert.rejects(page.evaluate(() => window.notebook.run(5)), /no cell 5/);
  assert.equal(await page.evaluate(() => window.notebook.addFile('../dir/점수.csv', 'x,y\n1,2\n')), '점수.csv');
  assert.match(await page.textContent('#file-list'), /점수\.csv/);
  await page.context().close();

  const embed = await openNotebook({ query: 'embed&cells=0,2', hash: '' });
  await embed.evaluate(() => window.notebook.load([{ type: 'code', source: '1 + 1' }, { type: 'code', source: '2 + 2' }, { type: 'code', source: '3 + 3' }]));
  assert.deepEqual(await embed.evaluate(() => [...document.querySelectorAll('#cells > .cell')].map((c) => !c.hidden)), [true, false, true]);
  assert.equal(await embed.locator('.toolbar').isVisible(), false);
  await embed.locator('#cells > .cell').nth(2).locator('.run-cell').click();
  await embed.waitForFunction(() => window.notebook.outputs(2).length === 1);
  assert.deepEqual(await embed.evaluate(() => window.notebook.outputs(2)), [{ type: 'value', text: '6' }]);
  await embed.context().close();
});

test("the playground's 노트북으로 열기 opens the setup's Keras code as cells", async () => {
  const page = await openPlayground(browser);
  assert.equal(await page.getAttribute('#notebook-tab', 'href'), 'notebook.html');
  const code = (await page.evaluate(() => window.playground.exportCode())).python;
  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.click('#open-notebook')]);
  await popup.waitForFunction(() => window.notebook !== undefined);
  await popup.waitForFunction(() => window.notebook.cells().some((c) => c.type === 'code' && c.source.includes('.fit(')));
  const cells = await popup.evaluate(() => window.notebook.cells());
  const joined = cells.filter((c) => c.type === 'code').map((c) => c.source).join('\n');
  for (const line of ['model.compile(', 'model.fit(']) assert.ok(code.includes(line) && joined.includes(line), `${line} in\n${code}\n---\n${joined}`);
  await page.context().close();
});

test('the lesson menu lists the ten lesson notebooks and opens the one chosen', async () => {
  const page = await openNotebook();
  await page.waitForFunction(() => document.querySelectorAll('#lesson-notebooks option[value]:not([value=""])').length > 0, null, { timeout: 10_000 });
  const options = await page.$$eval('#lesson-notebooks option', (os) => os.map((o) => ({ value: o.value, text: o.textContent })));
  assert.equal(options.length, 11, JSON.stringify(options));
  const index = JSON.parse(readFileSync(new URL('../../web/notebooks/index.json', import.meta.url), 'utf8'));
  await page.selectOption('#lesson-notebooks', index[2].id);
  const nb = JSON.parse(readFileSync(new URL(`../../web/notebooks/${index[2].file}`, import.meta.url), 'utf8'));
  await page.waitForFunction((n) => window.notebook.cells().length === n, nb.cells.length);
  assert.equal(await page.evaluate(() => window.notebook.cells()[1].source), nb.cells[1].source.join(''));
  // ?lesson= opens it directly.
  const direct = await openNotebook({ query: `lesson=${index[0].id}` });
  assert.ok(await direct.evaluate(() => window.notebook.cells().length) > 1);
  await direct.context().close();
  await page.context().close();
});

test("a saved notebook's HTML output is rebuilt as a bare table: no scripts, images or handlers", async () => {
  const html = '<div><style>td{}</style><table class="dataframe" border="1" onclick="window.__xss=1"><thead><tr><th></th><th>a</th></tr></thead>'
    + '<tbody><tr><th>0</th><td style="color:red">&lt;b&gt;<img src=x onerror="window.__xss=2"></td></tr></tbody></table><script>window.__xss=3</script></div>';
  const ipynb = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', source: ['df'], metadata: {}, execution_count: 1,
    outputs: [{ output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/plain': ['   a\n0  <b>'], 'text/html': [html] } }] }] });
  const page = await openNotebook();
  await page.evaluate((text) => window.notebook.load(text), ipynb);
  const table = cellEl(page, 0).locator('.html-table table');
  assert.equal(await table.count(), 1);
  assert.equal(await table.getAttribute('class'), 'dataframe');
  assert.equal(await table.getAttribute('onclick'), null);
  assert.equal(await cellEl(page, 0).locator('.html-table td').textContent(), '<b>');
  assert.equal(await cellEl(page, 0).locator('.html-table td').getAttribute('style'), null);
  assert.equal(await cellEl(page, 0).locator('.outputs img, .outputs script, .outputs style, .outputs b').count(), 0);
  await table.click();
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(await page.evaluate(() => window.notebook.outputs(0).map((o) => o.type)), ['html']);
  await page.context().close();
});

test('Interrupt stops a running fit, I I and 0 0 work from command mode, and the page stays responsive', async () => {
  const page = await openNotebook({ cells: [{ type: 'code', source: FIT(200) }, { type: 'code', source: '1 + 1' }] });
  assert.ok(await page.isDisabled('#interrupt'), 'nothing to interrupt yet');
  const run = page.evaluate(() => window.notebook.run(0));
  await page.waitForFunction(() => document.querySelector('#cells pre.progress'));
  assert.ok(await page.isEnabled('#interrupt'));
  // The page answers while the kernel trains: the editor takes typing.
  await focusEditor(page, 1);
  await page.keyboard.type(' ');
  const t0 = Date.now();
  await page.click('#interrupt');
  await run;
  const took = Date.now() - t0;
  assert.ok(took < 2000, `the cell ended ${took} ms after Interrupt`);
  assert.match(await cellEl(page, 0).locator('.prompt').textContent(), /^\[1\]/);
  assert.ok(await page.isDisabled('#interrupt'));
  // Command mode: Esc, 0 0 restarts the kernel.
  await focusEditor(page, 1);
  await page.keyboard.press('Escape');
  await page.keyboard.press('0');
  await page.keyboard.press('0');
  await page.waitForFunction(() => !document.getElementById('note').hidden);
  assert.match(await page.textContent('#note'), /재시작/);
  // I I during a run interrupts it.
  const again = page.evaluate(() => window.notebook.run(0));
  await page.waitForFunction(() => document.querySelector('#cells pre.progress'));
  await cellEl(page, 1).focus();
  await page.keyboard.press('i');
  await page.keyboard.press('i');
  await again;
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the notebook is kept in the browser: a reload brings back the cells and their outputs', async () => {
  const page = await openNotebook({ cells: [{ type: 'markdown', source: '## 저장' }, { type: 'code', source: 'print("다시")' }] });
  await page.evaluate(() => window.notebook.run(1));
  await focusEditor(page, 1);
  await page.keyboard.press('End');
  await page.keyboard.type('  # 고침');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('noriteo.notebook') ?? 'null')?.cells?.[1]?.source?.endsWith('# 고침'));
  await page.reload();
  await page.waitForFunction(() => window.notebook !== undefined);
  await page.evaluate(() => window.notebook.ready);
  assert.deepEqual(await page.evaluate(() => window.notebook.cells()), [{ type: 'markdown', source: '## 저장' }, { type: 'code', source: 'print("다시")  # 고침' }]);
  assert.deepEqual(await page.evaluate(() => window.notebook.outputs(1).map((o) => o.text)), ['다시\n']);
  await page.context().close();
});
