// The notebook page: cells of code and Markdown, run one at a time by the kernel in its
// worker, with Jupyter's keys and outputs; kept in the browser, in .ipynb files and in links.
import MarkdownIt from 'markdown-it';
import { createEditor, showErrorLine, sourceOf, setSource, composing } from './editor.js';
import { renderOutput, describeOutput, mergeStreams, drawInto, figureWidth, errorForIpynb, carriageReturns, FIGURE_MIME } from './outputs.js';
import { parseIpynb, serializeIpynb } from './ipynb.js';
import { t, language, setLanguage } from './text.js';
import { encodeCells, decodeCells, download } from '../../js/share.js';
import * as mock from './mock-kernel.js';

// Markdown from a cell is text: raw HTML is escaped (html: false), and markdown-it refuses
// javascript: and data: links by itself.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const EMBED = params.has('embed');
const STORE = 'noriteo.notebook';

let kernel = null;
let drawFigure = mock.drawFigure;
let nextId = 1;
/// The cells in order; each `{id, type, el, view, outputs, count, state, dirty, rendered}`.
const cells = [];
let selected = null;
/// Runs wait in line: the kernel runs one cell at a time, in the order asked.
let queue = Promise.resolve();
let generation = 0;
let busy = 0;

const el = (tag, props = {}, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
};

// ---------- the kernel ----------

async function startKernel() {
  const which = params.get('kernel');
  let mod = mock;
  if (which !== 'mock') {
    // The kernel's client stays outside the bundle: it starts its worker relative to itself.
    mod = await import(new URL('../js/notebook/kernel-client.js', import.meta.url).href);
  }
  drawFigure = mod.drawFigure;
  // A kernel that broke or would not stop was replaced: every variable is gone, so say so.
  kernel = new mod.NotebookKernel({ lang: language(), onRestart: () => say(t('kernelReplaced'), true) });
  await kernel.ready;
}

function setStatus(key, detail = '') {
  $('interrupt').disabled = key !== 'kernelBusy';
  const s = $('kernel-status');
  s.dataset.state = key;
  s.textContent = detail ? `${t(key)} ${detail}` : t(key);
}

function say(text, bad = false) {
  const note = $('note');
  note.textContent = text;
  note.className = bad ? 'note bad' : 'note';
  note.hidden = !text;
}

// ---------- cells ----------

function cellIndex(cell) { return cells.indexOf(cell); }

function makeCell(type, source = '', { outputs = [], count = null } = {}) {
  const cell = { id: nextId++, type, outputs, count, state: 'idle', dirty: false, rendered: type === 'markdown' && source !== '' };
  const prompt = el('div', { className: 'prompt' });
  const runButton = el('button', { type: 'button', className: 'run-cell', textContent: '▶' });
  runButton.dataset.tTitle = 'runCell';
  runButton.title = t('runCell');
  runButton.setAttribute('aria-label', t('runCell'));
  runButton.addEventListener('click', () => {
    select(cell);
    // An embedded cell may use what hidden cells above it define: those run first, once.
    if (EMBED) for (const c of cells.slice(0, cellIndex(cell))) if (c.el.hidden && c.type === 'code' && c.count === null && c.state === 'idle') runCell(c);
    runCell(cell);
  });
  const tools = el('div', { className: 'cell-tools' });
  for (const [key, label, action] of [
    ['moveUp', '↑', () => move(cell, -1)],
    ['moveDown', '↓', () => move(cell, 1)],
    ['deleteCell', '✕', () => removeCell(cell)],
  ]) {
    const b = el('button', { type: 'button', textContent: label, title: t(key) });
    b.dataset.tTitle = key;
    b.setAttribute('aria-label', t(key));
    b.addEventListener('click', (e) => { e.stopPropagation(); action(); });
    tools.append(b);
  }
  const editorBox = el('div', { className: 'editor' });
  const rendered = el('div', { className: 'markdown' });
  const outputsEl = el('div', { className: 'outputs' });
  const side = el('div', { className: 'side' }, runButton, prompt);
  const body = el('div', { className: 'body' }, editorBox, rendered, outputsEl);
  cell.el = el('div', { className: `cell ${type === 'markdown' ? 'text-cell' : 'code-cell'}`, tabIndex: -1 }, side, body, tools);
  cell.el.cell = cell;
  Object.assign(cell, { prompt, editorBox, rendered: cell.rendered, renderedEl: rendered, outputsEl });
  cell.view = createEditor(editorBox, {
    doc: source,
    language: type === 'code' ? 'python' : 'markdown',
    hint: t(type === 'code' ? 'codeHint' : 'markdownHint'),
    keys: {
      runNext: () => runAndAdvance(cell, 'next'),
      run: () => runAndAdvance(cell, 'stay'),
      runInsert: () => runAndAdvance(cell, 'insert'),
      command: () => commandMode(cell),
    },
    onChange: () => {
      if (cell.count !== null || cell.outputs.length) { cell.dirty = true; paintPrompt(cell); }
      save();
    },
    onFocus: () => select(cell, false),
  });
  cell.el.addEventListener('mousedown', () => select(cell, false));
  rendered.addEventListener('dblclick', () => editMarkdown(cell));
  paintPrompt(cell);
  paintMarkdown(cell);
  renderOutputs(cell);
  return cell;
}

function insertCell(at, type = 'code', source = '', extra) {
  const cell = makeCell(type, source, extra);
  const list = $('cells');
  if (at >= cells.length) list.append(cell.el); else list.insertBefore(cell.el, cells[at].el);
  cells.splice(at, 0, cell);
  // The editor was made before it was in the page: it measures its lines again now.
  cell.view.requestMeasure();
  save();
  return cell;
}

function removeCell(cell) {
  const i = cellIndex(cell);
  if (i < 0) return;
  cells.splice(i, 1);
  cell.view.destroy();
  cell.el.remove();
  if (!cells.length) insertCell(0);
  select(cells[Math.min(i, cells.length - 1)]);
  save();
}

function move(cell, by) {
  const i = cellIndex(cell);
  const j = i + by;
  if (j < 0 || j >= cells.length) return;
  cells.splice(i, 1);
  cells.splice(j, 0, cell);
  const list = $('cells');
  list.insertBefore(cell.el, cells[j + 1]?.el ?? null);
  save();
}

function select(cell, focusCell = true) {
  if (!cell) return;
  if (selected && selected !== cell) selected.el.classList.remove('selected', 'editing');
  selected = cell;
  cell.el.classList.add('selected');
  if (focusCell && !cell.el.contains(document.activeElement)) cell.el.focus({ preventScroll: true });
  cell.el.scrollIntoView({ block: 'nearest' });
}

function edit(cell) {
  select(cell, false);
  if (cell.type === 'markdown') editMarkdown(cell);
  cell.el.classList.add('editing');
  cell.view.focus();
}

function commandMode(cell) {
  cell.el.classList.remove('editing');
  if (cell.type === 'markdown' && sourceOf(cell.view).trim()) { cell.rendered = true; paintMarkdown(cell); }
  cell.el.focus({ preventScroll: true });
}

function editMarkdown(cell) {
  cell.rendered = false;
  paintMarkdown(cell);
  cell.view.focus();
}

function paintMarkdown(cell) {
  if (cell.type !== 'markdown') { cell.renderedEl.hidden = true; return; }
  cell.editorBox.hidden = cell.rendered;
  cell.renderedEl.hidden = !cell.rendered;
  if (cell.rendered) {
    const text = sourceOf(cell.view);
    // markdown-it escapes every character of the cell's text that HTML would read.
    cell.renderedEl.innerHTML = text.trim() ? markdown.render(text) : '';
    if (!text.trim()) cell.renderedEl.textContent = t('emptyMarkdown');
    for (const a of cell.renderedEl.querySelectorAll('a')) { a.target = '_blank'; a.rel = 'noopener noreferrer'; }
  }
}

function paintPrompt(cell) {
  if (cell.type !== 'code') { cell.prompt.textContent = ''; return; }
  const n = cell.state === 'queued' || cell.state === 'running' ? '*' : cell.count ?? ' ';
  cell.prompt.textContent = `[${n}]`;
  cell.el.classList.toggle('running', cell.state === 'running');
  cell.el.classList.toggle('dirty', cell.dirty);
  cell.prompt.title = cell.dirty ? t('edited') : '';
}

// ---------- outputs ----------

const outputContext = (cell) => ({
  lang: language(),
  t,
  drawFigure,
  width: () => cell.outputsEl.clientWidth || cell.el.clientWidth - 60 || 600,
});

function renderOutputs(cell) {
  const ctx = outputContext(cell);
  const nodes = mergeStreams(cell.outputs).map((o) => renderOutput(o, ctx));
  if (cell.progress) nodes.push(cell.progressEl);
  cell.outputsEl.replaceChildren(...nodes);
  cell.outputsEl.hidden = nodes.length === 0;
}

/// One output arriving while the cell runs: a print joins the stream block before it; the
/// rest add an element. The progress line stays last.
function addOutput(cell, o) {
  const prev = cell.outputs[cell.outputs.length - 1];
  cell.outputs.push(o);
  const last = cell.outputsEl.querySelector('.output:last-of-type');
  if (o.output_type === 'stream' && prev?.output_type === 'stream' && prev.name === o.name && last?.classList.contains('stream')) {
    // Joined in place: a fit's thousands of prints never redraw what is above them.
    const block = last.querySelector('pre');
    block.raw += o.text;
    block.textContent = carriageReturns(block.raw);
  } else {
    cell.outputsEl.hidden = false;
    cell.outputsEl.insertBefore(renderOutput(o, outputContext(cell)), cell.progress ? cell.progressEl : null);
  }
  stickToBottom(cell);
  if (o.output_type === 'error') showErrorLine(cell.view, o);
}

function setProgress(cell, text) {
  if (!cell.progressEl) cell.progressEl = el('pre', { className: 'progress' });
  cell.progress = text;
  cell.progressEl.textContent = text;
  if (!cell.progressEl.isConnected) { cell.outputsEl.append(cell.progressEl); cell.outputsEl.hidden = false; }
  stickToBottom(cell);
}

function clearProgress(cell) {
  cell.progress = null;
  cell.progressEl?.remove();
}

// A long fit prints thousands of lines: printed text scrolls inside its block and follows
// the newest line, unless the learner has scrolled up in it to read.
function stickToBottom(cell) {
  for (const box of cell.outputsEl.querySelectorAll('.output.stream pre, pre.progress')) {
    if (!box.scrolledUp) box.scrollTop = box.scrollHeight;
  }
}

// ---------- running ----------

function runCell(cell) {
  if (cell.type === 'markdown') {
    cell.rendered = true;
    paintMarkdown(cell);
    return Promise.resolve([]);
  }
  const source = sourceOf(cell.view);
  const mine = generation;
  cell.state = 'queued';
  paintPrompt(cell);
  const done = queue.then(async () => {
    if (mine !== generation || !cells.includes(cell)) { cell.state = 'idle'; paintPrompt(cell); return cell.outputs.map(describeOutput); }
    cell.state = 'running';
    cell.outputs = [];
    cell.dirty = false;
    clearProgress(cell);
    showErrorLine(cell.view, null);
    renderOutputs(cell);
    paintPrompt(cell);
    busy += 1;
    setStatus('kernelBusy');
    try {
      if (!kernel) throw new Error(t('kernelFailed'));
      const result = await kernel.run(source, {
        onOutput: (o) => addOutput(cell, o),
        // null: the line is finished (its final form arrives as printed text).
        onProgress: (text) => (typeof text === 'string' ? setProgress(cell, text) : clearProgress(cell)),
      });
      // The answer's outputs are the record; those heard on the way showed them live.
      if (Array.isArray(result?.outputs)) cell.outputs = result.outputs;
      cell.count = result?.executionCount ?? cell.count;
      if (cell.outputs.some((o) => o.output_type === 'error')) {
        generation += 1; // Jupyter stops a Run all at the first error.
        const err = cell.outputs.find((o) => o.output_type === 'error');
        showErrorLine(cell.view, err);
      }
    } catch (e) {
      generation += 1;
      cell.outputs.push({ output_type: 'error', ename: e?.ename ?? 'Error', message_ko: `${t('runFailed')}: ${e?.message ?? e}`, message_en: `${t('runFailed')}: ${e?.message ?? e}` });
    } finally {
      busy -= 1;
      cell.state = 'idle';
      clearProgress(cell);
      renderOutputs(cell);
      const err = cell.outputs.find((o) => o.output_type === 'error');
      if (err) showErrorLine(cell.view, err);
      paintPrompt(cell);
      setStatus(busy ? 'kernelBusy' : 'kernelReady');
      save();
    }
    return cell.outputs.map(describeOutput);
  });
  queue = done.catch(() => {});
  return done;
}

function runAndAdvance(cell, how) {
  const running = runCell(cell);
  const i = cellIndex(cell);
  if (how === 'next') {
    const next = cells[i + 1] ?? insertCell(cells.length);
    edit(next);
  } else if (how === 'insert') {
    edit(insertCell(i + 1));
  } else if (cell.type === 'markdown') commandMode(cell);
  running.catch(() => {});
  return running;
}

function runAll() {
  generation += 1;
  return Promise.all(cells.map((c) => runCell(c)));
}

async function interrupt() {
  generation += 1;
  for (const c of cells) if (c.state === 'queued') { c.state = 'idle'; paintPrompt(c); }
  await kernel?.interrupt();
}

async function restart() {
  await interrupt();
  await kernel?.restart();
  // The added files belong to the notebook, not to the kernel's variables: they stay.
  for (const [name, data] of files) await kernel?.addFile(name, data);
  say(t('restarted'));
}

// ---------- command mode ----------

let lastKey = null;
function onCommandKey(event) {
  if (composing(event)) return;
  const cell = event.target.closest?.('.cell')?.cell;
  // Only when the cell itself has the focus, not its editor or a button.
  if (!cell || event.target !== cell.el) return;
  const i = cellIndex(cell);
  const twice = (k) => lastKey === k;
  const key = event.key;
  let handled = true;
  if (key === 'Enter' && event.shiftKey) runAndAdvance(cell, 'next');
  else if (key === 'Enter' && (event.ctrlKey || event.metaKey)) runAndAdvance(cell, 'stay');
  else if (key === 'Enter' && event.altKey) runAndAdvance(cell, 'insert');
  else if (key === 'Enter') edit(cell);
  else if (key === 'a' || key === 'A') select(insertCell(i));
  else if (key === 'b' || key === 'B') select(insertCell(i + 1));
  else if ((key === 'd' || key === 'D') && twice('d')) { removeCell(cell); lastKey = null; event.preventDefault(); return; }
  else if ((key === 'i' || key === 'I') && twice('i')) { interrupt(); lastKey = null; event.preventDefault(); return; }
  else if (key === '0' && twice('0')) { restart(); lastKey = null; event.preventDefault(); return; }
  else if (key === 'ArrowUp' || key === 'k') select(cells[Math.max(0, i - 1)]);
  else if (key === 'ArrowDown' || key === 'j') select(cells[Math.min(cells.length - 1, i + 1)]);
  else if (key === 'm') setType(cell, 'markdown');
  else if (key === 'y') setType(cell, 'code');
  else handled = false;
  lastKey = handled ? null : key.toLowerCase();
  if (handled || ['d', 'i', '0'].includes(lastKey)) event.preventDefault();
}

function setType(cell, type) {
  if (cell.type === type) return;
  const i = cellIndex(cell);
  const source = sourceOf(cell.view);
  removeCellQuiet(cell);
  select(insertCell(i, type, source));
}

function removeCellQuiet(cell) {
  cells.splice(cellIndex(cell), 1);
  cell.view.destroy();
  cell.el.remove();
}

// ---------- keeping and loading ----------

function snapshotCells({ outputs = true } = {}) {
  return cells.map((c) => {
    const out = { type: c.type, source: sourceOf(c.view) };
    if (c.type === 'code' && outputs) { out.outputs = c.outputs; out.executionCount = c.count; }
    return out;
  });
}

let saveTimer = 0;
function save() {
  if (EMBED) return;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    for (const outputs of [true, false]) {
      try {
        localStorage.setItem(STORE, JSON.stringify({ v: 1, cells: snapshotCells({ outputs }) }));
        return;
      } catch { /* storage full: try without the outputs, then give up quietly */ }
    }
  }, 300);
}

function recall() {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? 'null');
    return v?.v === 1 && Array.isArray(v.cells) && v.cells.length ? v.cells : null;
  } catch { return null; }
}

/// Replaces the notebook with `list` (cells or .ipynb text).
function load(list) {
  if (typeof list === 'string') list = parseIpynb(list).cells;
  if (!Array.isArray(list)) throw new TypeError('load() takes a list of cells or the text of an .ipynb file');
  generation += 1;
  for (const c of cells) c.view.destroy();
  cells.length = 0;
  $('cells').replaceChildren();
  for (const c of list) {
    const type = c?.type === 'markdown' || c?.cell_type === 'markdown' ? 'markdown' : 'code';
    const source = Array.isArray(c?.source) ? c.source.join('') : String(c?.source ?? '');
    insertCell(cells.length, type, source, { outputs: Array.isArray(c?.outputs) ? c.outputs : [], count: Number.isInteger(c?.executionCount) ? c.executionCount : null });
  }
  if (!cells.length) insertCell(0);
  select(cells[0], false);
  save();
  if (EMBED) applyEmbed();
}

/// The notebook as an .ipynb text; figures carry a PNG of their canvas too, so that Jupyter
/// and Colab show them.
function toIpynb() {
  const list = cells.map((c) => {
    const out = { type: c.type, source: sourceOf(c.view) };
    if (c.type !== 'code') return out;
    out.executionCount = c.count;
    const canvases = [...c.outputsEl.querySelectorAll('canvas.figure')];
    let f = 0;
    out.outputs = c.outputs.map((o) => {
      if (o.output_type === 'error') return errorForIpynb(o);
      if (o.data?.[FIGURE_MIME]) {
        const canvas = canvases[f++];
        const png = canvas?.width ? canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '') : null;
        return { ...o, data: { ...o.data, ...(png ? { 'image/png': png } : {}) } };
      }
      return o;
    });
    return out;
  });
  return serializeIpynb(list, { title: document.title, language: language() });
}

async function shareLink() {
  const fragment = await encodeCells(snapshotCells({ outputs: false }));
  return `${location.origin}${location.pathname}#nb=${fragment}`;
}

async function loadLesson(id) {
  const index = await lessonIndex();
  const entry = index.find((l) => l.id === id);
  const res = await fetch(new URL(`../notebooks/${entry?.file ?? `${id}.ipynb`}`, import.meta.url));
  if (!res.ok) throw new Error(`${t('lessonMissing')} (${id})`);
  load(await res.text());
}

let lessons = null;
async function lessonIndex() {
  if (lessons) return lessons;
  try {
    const res = await fetch(new URL('../notebooks/index.json', import.meta.url));
    const json = res.ok ? await res.json() : [];
    lessons = (Array.isArray(json) ? json : json.notebooks ?? json.lessons ?? []).filter((l) => l && typeof l.id === 'string');
  } catch { lessons = []; }
  return lessons;
}

async function fillLessons() {
  const list = await lessonIndex();
  const select = $('lesson-notebooks');
  select.hidden = !list.length;
  const title = (l) => (language() === 'ko' ? l.title_ko ?? l.title : l.title_en ?? l.title) ?? l.id;
  const shown = select.value || params.get('lesson') || '';
  select.replaceChildren(el('option', { value: '', textContent: t('lessons') }), ...list.map((l, i) => el('option', { value: l.id, textContent: `${i + 1}. ${title(l)}` })));
  select.value = list.some((l) => l.id === shown) ? shown : '';
}

// ---------- files ----------

const files = new Map();

async function addFile(name, data) {
  const safe = String(name).split(/[\\/]/).pop();
  await kernel.addFile(safe, data);
  files.set(safe, data);
  paintFiles();
  return safe;
}

function paintFiles() {
  const list = $('file-list');
  const size = (data) => (typeof data === 'string' ? new TextEncoder().encode(data).length : data.byteLength ?? data.length ?? 0);
  list.replaceChildren(...[...files].map(([name, data]) => el('li', {}, el('code', { textContent: name }), ` ${size(data) < 1024 ? `${size(data)} B` : `${(size(data) / 1024).toFixed(1)} KB`}`)));
  if (!files.size) list.append(el('li', { className: 'muted', textContent: t('noFiles') }));
}

// ---------- embed ----------

function applyEmbed() {
  document.body.classList.add('embed');
  const chosen = (params.get('cells') ?? '').split(',').map((s) => Number.parseInt(s, 10)).filter(Number.isInteger);
  cells.forEach((c, i) => { c.el.hidden = chosen.length > 0 && !chosen.includes(i); });
}

// ---------- the page ----------

function wire() {
  $('run-all').addEventListener('click', () => runAll().catch(() => {}));
  $('interrupt').addEventListener('click', () => interrupt().then(() => say(t('interrupted'))));
  $('restart').addEventListener('click', () => restart());
  $('add-code').addEventListener('click', () => edit(insertCell(selected ? cellIndex(selected) + 1 : cells.length)));
  $('add-markdown').addEventListener('click', () => edit(insertCell(selected ? cellIndex(selected) + 1 : cells.length, 'markdown')));
  $('download').addEventListener('click', () => download('noriteo.ipynb', toIpynb(), 'application/x-ipynb+json'));
  $('open').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try { load(await file.text()); say(''); } catch { say(t('notIpynb'), true); }
  });
  $('add-file').addEventListener('change', async (e) => {
    for (const file of e.target.files ?? []) await addFile(file.name, new Uint8Array(await file.arrayBuffer()));
    e.target.value = '';
  });
  $('share').addEventListener('click', async () => {
    const link = await shareLink();
    $('share-link').value = link;
    const embed = link.replace('#nb=', '?embed#nb=');
    $('embed-code').value = `<iframe src="${embed}" width="100%" height="600" style="border:0" title="놀이터 노트북"></iframe>`;
    $('share-box').hidden = false;
    $('share-link').select();
    try { await navigator.clipboard.writeText(link); say(t('shareCopied')); } catch { /* the box shows it */ }
  });
  $('share-close').addEventListener('click', () => { $('share-box').hidden = true; });
  $('language').addEventListener('click', () => setLang(language() === 'ko' ? 'en' : 'ko'));
  $('lesson-notebooks').addEventListener('change', async (e) => {
    const id = e.target.value;
    if (!id) return;
    try { await loadLesson(id); say(''); } catch (err) { say(err.message, true); }
  });
  $('cells').addEventListener('keydown', onCommandKey);
  // Figures follow the cell's width (a phone turned, a window resized).
  let resizeTimer = 0;
  new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const c of cells) for (const canvas of c.outputsEl.querySelectorAll('canvas.figure')) {
        if (parseFloat(canvas.style.width) !== figureWidth(canvas.figureSpec, c.outputsEl.clientWidth)) drawInto(canvas, outputContext(c));
      }
    }, 150);
  }).observe($('cells'));
  $('cells').addEventListener('scroll', (e) => {
    const box = e.target;
    if (box.localName === 'pre') box.scrolledUp = box.scrollHeight - box.scrollTop - box.clientHeight > 40;
  }, true);
}

async function setLang(next) {
  setLanguage(next);
  $('keys-help').textContent = t('keysHelp');
  await kernel?.setLang?.(next);
  for (const c of cells) { renderOutputs(c); paintPrompt(c); paintMarkdown(c); }
  paintFiles();
  fillLessons();
}

async function firstCells() {
  const m = location.hash.match(/^#nb=([A-Za-z0-9_-]+)$/);
  if (m) {
    // The cells now live in the page (and its autosave): a reload keeps the learner's edits
    // instead of going back to the link's version. An embed keeps its link: it saves nothing.
    if (!EMBED) history.replaceState(null, '', location.pathname + location.search);
    try { return await decodeCells(m[1]); } catch (e) {
      say(t({ link_too_big: 'linkTooBig', link_broken: 'linkBroken' }[e.code] ?? 'linkNoCells'), true);
    }
  }
  const lesson = params.get('lesson');
  if (lesson && !EMBED) {
    try {
      await loadLesson(lesson);
      // As for a link: a reload now keeps the learner's edits (the autosave).
      const rest = new URLSearchParams(location.search);
      rest.delete('lesson');
      history.replaceState(null, '', location.pathname + (rest.size ? `?${rest}` : ''));
      return null;
    } catch (e) { say(e.message, true); }
  } else if (lesson) {
    try { await loadLesson(lesson); return null; } catch (e) { say(e.message, true); }
  }
  return (!EMBED && recall()) || [
    { type: 'markdown', source: t('welcome') },
    { type: 'code', source: 'import numpy as np\n\nx = np.array([2, 4, 6, 8])\nprint(x.mean())\nx * 10' },
  ];
}

async function main() {
  setLanguage(params.get('lang') === 'en' || params.get('lang') === 'ko' ? params.get('lang') : language());
  $('keys-help').textContent = t('keysHelp');
  wire();
  paintFiles();
  fillLessons();
  setStatus('kernelStarting');
  const kernelReady = startKernel().then(() => setStatus('kernelReady'), (e) => { kernel = null; setStatus('kernelFailed', String(e?.message ?? e)); throw e; });
  // Cells run once the kernel is there; a cell run before it answers waits in line.
  queue = kernelReady.catch(() => {});
  const first = await firstCells();
  if (first) load(first);
  if (EMBED) applyEmbed();
  await kernelReady;
}

const ready = main();
ready.catch(() => {});

const checkIndex = (i) => {
  if (!Number.isInteger(i) || i < 0 || i >= cells.length) throw new RangeError(`no cell ${i}: the notebook has ${cells.length} cells (0 to ${cells.length - 1})`);
  return cells[i];
};

window.notebook = {
  ready,
  load: async (list) => { await ready; load(list); return cells.length; },
  cells: () => snapshotCells({ outputs: false }),
  run: async (i) => { await ready; return runCell(checkIndex(i)); },
  runAll: async () => { await ready; return runAll(); },
  outputs: (i) => {
    const c = checkIndex(i);
    const list = mergeStreams(c.outputs).map(describeOutput);
    if (c.progress) list.push({ type: 'progress', text: c.progress });
    return list;
  },
  interrupt: async () => { await ready; return interrupt(); },
  restart: async () => { await ready; return restart(); },
  addFile: async (name, data) => { await ready; return addFile(name, data); },
  toIpynb: () => toIpynb(),
  shareLink: () => shareLink(),
  setLanguage: (next) => setLang(next),
};
