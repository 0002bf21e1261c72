// The page: wires the form, the worker and the charts together, and exposes
// `window.playground`, the API lecturers script embeds with and tests drive.
import wasm, { build as wasmBuild } from './wasm.js';
import { EngineClient } from './engine-client.js';
import { Editor, el } from './editor.js';
import { drawActivation, drawFitLine, drawHistory, drawResults } from './charts.js';
import { language, setLanguage, t } from './i18n.js';
import { decodeState, download, encodeState, fragmentState, loadNamed, recall, remember, saveNamed, savedModels } from './share.js';

const $ = (id) => document.getElementById(id);
const DEFAULT_LESSON = 'iris';
const LOG_LINES = 400;

const state = {
  status: 'starting', lesson: null, source: null, upload: null, data: null, spec: null,
  errors: [], summary: '', history: null, slice: null, log: [], message: '', evaluation: null,
  training: false, lessons: [], pending: null, code: '', loading: null,
  /// The last trained weights and the model they belong to (JSON of layers and seed).
  weights: null, weightsFor: null,
  embed: new URLSearchParams(location.search).has('embed'), lock: '',
};
let client;
let editor;
let trainingDone = null;
let drawQueued = false;
const listeners = { progress: new Set(), epoch: new Set(), done: new Set() };

function emit(kind, value) { for (const f of listeners[kind]) { try { f(value); } catch (e) { console.error(e); } } }

// ---------- rendering ----------

function lessonOf(id) { return state.lessons.find((l) => l.id === id); }

function renderLessonList() {
  const select = $('lesson');
  const custom = state.lesson ? [] : [el('option', { value: '', text: state.data?.name ?? '—' })];
  select.replaceChildren(...custom, ...state.lessons.map((l, i) =>
    el('option', { value: l.id, text: `${i + 1}. ${language() === 'ko' ? l.title_ko : l.title_en}` })));
  select.value = state.lesson ?? '';
  const lesson = lessonOf(state.lesson);
  $('lesson-intro').textContent = lesson ? `${language() === 'ko' ? lesson.intro_ko : lesson.intro_en}\n${t('figure')}: ${lesson.figure}` : '';
}

function renderData() {
  const d = state.data;
  if (!d) { $('data-info').textContent = t('noData'); return; }
  const shape = `(${d.input_shape.join(', ')}${d.input_shape.length === 1 ? ',' : ''})`;
  const task = t(d.task.kind);
  const classes = d.class_names.length ? ` — ${d.class_names.join(', ')}` : '';
  let text = `${d.name}: ${t('rowsTrain')} ${d.train_rows}, ${t('rowsTest')} ${d.test_rows} ${t('rows')} · ${t('features')} ${shape} · ${task}${classes}`;
  if (d.baseline !== null && d.baseline !== undefined) text += `\n${t('baseline')} ${d.baseline.toFixed(3)}`;
  $('data-info').textContent = text;
  $('input-shape').textContent = `Input(shape=${shape})`;
  const s = d.suggestion;
  const layer = s.layer.activation && s.layer.activation !== 'linear' ? `Dense(${s.layer.units}, activation='${s.layer.activation}')` : `Dense(${s.layer.units})`;
  $('suggestion').replaceChildren(`${t('suggested')}: ${layer}, loss='${s.loss}' `,
    el('button', { type: 'button', text: t('apply'), onclick: applySuggestion }));
  const table = state.source && (state.source.kind === 'csv' || state.source.kind === 'upload');
  $('table-options').hidden = !table && !state.pending;
  if (state.pending) {
    $('target').replaceChildren(el('option', { value: '', text: '—' }));
    return;
  }
  $('preview-box').hidden = !d.preview;
  if (d.preview) renderPreview(d.preview);
  if (table && d.preview) {
    const target = state.source.table?.target?.[0] ?? d.preview.columns.at(-1);
    $('target').replaceChildren(...d.preview.columns.map((c) => el('option', { value: c, text: c })));
    $('target').value = target;
    // Every column but the target is an input unless the learner picks fewer.
    const chosen = state.source.table?.features ?? null;
    $('features').replaceChildren(...d.preview.columns.filter((c) => c !== target).map((c) =>
      el('option', { value: c, text: c, ...(chosen === null || chosen.includes(c) ? { selected: '' } : {}) })));
    $('header').value = state.source.options?.has_header === undefined || state.source.options?.has_header === null ? 'auto' : state.source.options.has_header ? 'yes' : 'no';
    $('scaling').value = state.source.table?.scaling ?? 'none';
    $('test-size').value = state.source.table?.test_size ?? 0;
    $('stratify').checked = !!state.source.table?.stratify;
    $('drop-empty').checked = !!state.source.table?.drop_empty_rows;
  }
}

function renderPreview(p) {
  // Column names and cells come from the user's file: text nodes only, never HTML.
  const head = el('tr', {}, ...p.columns.map((c) => el('th', { text: c })));
  const rows = p.rows.map((r) => el('tr', {}, ...r.map((c) => el('td', { text: c }))));
  const note = el('p', { class: 'info', text: `${p.total_rows} ${t('rows')} · ${t('encoding')} ${p.encoding} · '${p.delimiter === ' ' ? '␣' : p.delimiter}' · ${t('header')}: ${p.has_header ? t('yes') : t('no')} · ${t('emptyCells')}: ${p.empty_cells}` });
  $('preview').replaceChildren(note, el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
}

function renderSetup() {
  editor.showErrors(state.errors);
  $('summary').textContent = state.summary || '';
  const why = !state.data ? [t('noData')] : state.errors.length ? [t('fixFirst'), ...state.errors.map((e) => `• ${e.message}`)] : [];
  // While another lesson or table is on its way, Train would start on the old data and the
  // arrival of the new one would then clear that run's results.
  const loading = state.status === 'loading';
  $('train').disabled = state.training || loading || why.length > 0;
  $('train').title = loading ? t('loading') : why.join('\n');
  $('train-why').textContent = state.training ? '' : why.join('\n');
  $('stop').disabled = !state.training;
  $('reset').disabled = state.training;
  $('evaluate').disabled = state.training || loading || !state.data?.test_rows;
  for (const s of ['data-section', 'model-section', 'compile-section']) {
    for (const c of $(s).querySelectorAll('input, select, button')) c.disabled = state.training || (c.id === 'patience' && !state.spec?.fit.early_stopping) || locked(c);
  }
}

/// In an embed, the lecturer may leave only the learning rate (or nothing) editable.
function locked(control) {
  if (!state.embed || !state.lock) return false;
  return !(state.lock === 'learning_rate' && control.dataset.field === 'compile.optimizer.learning_rate');
}

function renderStatus() {
  const s = state.slice;
  let text = t(state.training ? 'training' : state.status === 'loading' ? 'loading' : 'ready');
  if (s && !s.error && s.batches) text = `${t('epoch')} ${Math.min(s.epoch + 1, s.epochs)}/${s.epochs}  ${s.line}`;
  $('status').textContent = text;
  $('message').textContent = state.message;
  $('log').textContent = state.log.join('\n');
  $('log').scrollTop = $('log').scrollHeight;
}

function drawCurves() {
  drawQueued = false;
  drawHistory($('history'), state.history, state.training ? state.slice : null, state.spec?.fit.epochs, state.data?.baseline);
  const line = state.slice?.line_fit;
  if (line && state.data?.points && state.training) {
    let canvas = $('result-charts').querySelector('canvas.live-fit');
    if (!canvas) {
      canvas = el('canvas', { class: 'live-fit', width: '360', height: '320' });
      $('result-charts').replaceChildren(canvas);
    }
    drawFitLine(canvas, state.data.points, line);
  }
}

function queueDraw() {
  if (!drawQueued) { drawQueued = true; requestAnimationFrame(drawCurves); }
}

function renderAll() {
  renderLessonList();
  renderData();
  editor.render();
  renderSetup();
  renderStatus();
  queueDraw();
}

// ---------- actions ----------

async function sendSpec(spec) {
  state.spec = spec;
  const report = await client.handle({ type: 'set_spec', spec });
  state.errors = [...editor.localErrors(), ...report.errors];
  state.summary = report.summary ?? '';
  state.code = report.code ?? '';
  $('code').textContent = state.code;
  renderSetup();
  rememberNow();
  return report;
}

function clearResults() {
  state.history = null; state.slice = null; state.log = []; state.evaluation = null; state.message = '';
  $('evaluation').textContent = '';
  $('result-charts').replaceChildren();
}

function withOverrides(setup, o = {}) {
  const s = structuredClone(setup);
  if (o.epochs !== undefined) s.fit.epochs = o.epochs;
  if (o.batch_size !== undefined) s.fit.batch_size = o.batch_size;
  if (o.validation_split !== undefined) s.fit.validation_split = o.validation_split;
  if (o.seed !== undefined) s.seed = o.seed;
  if (o.early_stopping !== undefined) s.fit.early_stopping = o.early_stopping;
  if (o.metrics !== undefined) s.compile.metrics = o.metrics;
  if (o.loss !== undefined) s.compile.loss = o.loss;
  if (o.layers !== undefined) s.model.layers = o.layers;
  if (o.optimizer !== undefined) s.compile.optimizer = o.optimizer;
  if (o.learning_rate !== undefined) {
    const opt = s.compile.optimizer;
    s.compile.optimizer = { ...(typeof opt === 'string' ? { name: opt } : opt), learning_rate: o.learning_rate };
  }
  return s;
}

/// A default model for data that came without a lesson: one hidden layer and the output
/// layer and loss the engine suggests for the task.
function defaultSetup(info) {
  const classification = info.task.kind !== 'regression';
  return {
    model: { input_shape: [], layers: [
      ...(info.input_shape.length > 1 ? [{ type: 'Flatten' }] : []),
      { type: 'Dense', units: 16, activation: 'relu', use_bias: true, kernel_initializer: 'glorot_uniform', bias_initializer: 'zeros' },
      info.suggestion.layer] },
    compile: { optimizer: 'adam', loss: info.suggestion.loss, metrics: classification ? ['accuracy'] : [] },
    fit: { epochs: 50, batch_size: 32, validation_split: 0, shuffle: true, early_stopping: null },
    seed: 42,
  };
}

function applySuggestion() {
  const s = state.data.suggestion;
  const spec = editor.spec;
  spec.model.layers[spec.model.layers.length - 1] = structuredClone(s.layer);
  spec.compile.loss = s.loss;
  editor.changed();
}

async function loadData(source, upload, setup) {
  if (state.training) throw new Error(t('busy'));
  state.status = 'loading';
  $('data-error').textContent = '';
  renderSetup(); renderStatus();
  let loaded;
  const mine = new Promise((resolve) => { loaded = resolve; });
  state.loading = mine;
  try {
    const info = await client.load(source, upload ? [upload.bytes] : undefined);
    // Reading the same table again (other options) keeps the learner's model.
    const keep = state.spec && state.lesson === null && sameTable(source);
    state.source = source; state.upload = upload; state.data = info;
    clearResults();
    editor.load(setup ?? (keep ? state.spec : defaultSetup(info)));
    await sendSpec(editor.spec);
    state.pending = null;
  } catch (e) {
    // The model and data already loaded stay as they were; a table that failed keeps its
    // options open so the learner can fix them (header, empty rows) and read it again.
    $('data-error').textContent = e.message;
    if (source.kind === 'csv' || source.kind === 'upload') state.pending = { source, upload };
    throw e;
  } finally {
    // A newer load started meanwhile is still on its way.
    if (state.loading === mine) state.status = 'ready';
    loaded();
    renderAll();
  }
  return snapshot();
}

function sameTable(source) {
  return state.source && source.kind === state.source.kind && (source.url ?? source.file) === (state.source.url ?? state.source.file)
    && source.table?.target?.[0] === state.source.table?.target?.[0];
}

async function loadLesson(id, overrides) {
  const lesson = lessonOf(id);
  if (!lesson) throw new Error(`unknown lesson '${id}'; the lessons are: ${state.lessons.map((l) => l.id).join(', ')}`);
  const previous = state.lesson;
  state.lesson = id;
  try {
    return await loadData(lesson.data, null, withOverrides(lesson.setup, overrides));
  } catch (e) {
    state.lesson = previous;
    renderLessonList();
    throw e;
  }
}

async function load(what, overrides) {
  await ready;
  if (typeof what === 'string') return loadLesson(what, overrides);
  if (!what || !what.data) throw new Error('load() takes a lesson id or {data, setup}');
  state.lesson = null;
  return loadData(what.data, null, what.setup ? withOverrides(what.setup, overrides) : undefined);
}

function onProgress(slice) {
  state.slice = slice;
  state.history = slice.history;
  if (slice.epoch_lines.length) {
    state.log.push(...slice.epoch_lines);
    if (state.log.length > LOG_LINES) state.log.splice(0, state.log.length - LOG_LINES);
    emit('epoch', slice.history);
  }
  emit('progress', slice);
  renderStatus();
  queueDraw();
}

/// A script that did not wait for load() works on the data it asked for, not the old data.
async function loadsSettled() {
  while (state.status === 'loading') await state.loading;
}

async function train() {
  await ready;
  await loadsSettled();
  if (state.training) throw new Error(t('busy'));
  if (!state.data) throw new Error(t('noData'));
  if (state.errors.length) throw new Error(`${t('fixFirst')} ${state.errors.map((e) => e.message).join('; ')}`);
  clearResults();
  state.training = true;
  renderSetup(); renderStatus();
  let finished;
  trainingDone = new Promise((resolve) => { finished = resolve; });
  try {
    const last = await client.train();
    state.slice = last;
    state.history = last.history;
    if (last.error) state.message = last.error;
    else if (last.stop_reason === 'stopped') state.message = t('stopped');
    else if (last.stop_reason === 'early_stopping') state.message = t('earlyStopped');
    state.training = false;
    try { drawResults($('result-charts'), await client.handle({ type: 'results' })); } catch (e) { console.warn(e); }
    try {
      state.weights = (await client.saveModel()).weights;
      state.weightsFor = modelKey();
      rememberNow();
    } catch (e) { console.warn(e); }
    emit('done', state.history);
    return state.history;
  } catch (e) {
    state.message = e.message;
    throw e;
  } finally {
    state.training = false;
    finished();
    state.summary = (await client.handle({ type: 'summary' }).catch(() => state.summary)) || state.summary;
    renderSetup(); renderStatus(); queueDraw();
  }
}

async function stop() {
  if (!state.training) return snapshot();
  await client.handle({ type: 'stop' });
  await trainingDone;
  return snapshot();
}

async function evaluate() {
  await ready;
  await loadsSettled();
  const logs = await client.handle({ type: 'evaluate' });
  state.evaluation = logs;
  $('evaluation').textContent = `${t('testResult')}: ${Object.entries(logs).map(([k, v]) => `${k}: ${v.toFixed(4)}`).join(' - ')}`;
  return logs;
}

async function predict(rows) {
  await ready;
  await loadsSettled();
  return client.handle({ type: 'predict', rows });
}

async function summary() {
  await ready;
  return client.handle({ type: 'summary' });
}

async function reset() {
  await client.handle({ type: 'reset' });
  state.weights = null;
  clearResults();
  renderAll();
}

function snapshot() {
  const d = state.data;
  return structuredClone({
    status: state.training ? 'training' : state.status,
    training: state.training,
    lesson: state.lesson,
    data: d && { name: d.name, train_rows: d.train_rows, test_rows: d.test_rows, input_shape: d.input_shape, task: d.task, baseline: d.baseline, class_names: d.class_names, columns: d.preview?.columns ?? null },
    spec: state.spec,
    errors: state.errors,
    summary: state.summary,
    history: state.history,
    epoch: state.slice ? state.slice.epoch : null,
    logs: state.slice?.logs ?? null,
    log: state.log.slice(-20),
    message: state.message,
    evaluation: state.evaluation,
    language: language(),
    wasm_build: wasmBuild,
  });
}

function onCrash(message) {
  state.training = false;
  state.message = `${t('crashed')} ${message}`;
  renderSetup(); renderStatus();
  // The new worker gets the same data and setup, so the learner loses nothing.
  if (state.source) {
    client.load(state.source, state.upload ? [state.upload.bytes] : undefined)
      .then(() => sendSpec(editor.spec)).catch((e) => { $('data-error').textContent = e.message; });
  }
}

// ---------- share, embed, remember, export ----------

function modelKey() { return JSON.stringify([editor.spec?.model, editor.spec?.seed]); }

/// Everything a link needs to rebuild this setup (an uploaded file travels by name only).
function sharedState() {
  return {
    v: 1,
    lesson: state.lesson,
    data: state.lesson ? null : state.source,
    setup: editor.spec,
    ...(state.lock ? { lock: state.lock } : {}),
  };
}

function rememberNow() {
  if (!editor?.spec || !state.data || state.embed) return;
  remember(sharedState(), state.weights && state.weightsFor === modelKey() ? state.weights : null);
}

/// Loads a setup from a link, the last visit or a saved model; weights when they fit.
async function applyShared(shared, weights) {
  if (shared.lock === 'learning_rate' || shared.lock === 'none') state.lock = shared.lock;
  const lesson = shared.lesson ? lessonOf(shared.lesson) : null;
  if (shared.lesson && !lesson) throw new Error(`the link names an unknown lesson '${String(shared.lesson).slice(0, 40)}'`);
  if (!lesson && shared.data?.kind === 'upload') {
    throw new Error(`${t('localFile')} ${String(shared.data.file).slice(0, 80)}`);
  }
  if (!lesson && !shared.data) throw new Error('the link holds no data source');
  state.lesson = lesson ? lesson.id : null;
  await loadData(lesson ? lesson.data : shared.data, null, shared.setup);
  if (state.errors.length) state.message = `${t('fixFirst')} ${state.errors.map((e) => e.message).join('; ')}`;
  if (weights) {
    await client.restoreWeights(weights);
    state.weights = weights;
    state.weightsFor = modelKey();
    drawResults($('result-charts'), await client.handle({ type: 'results' }));
  }
  renderStatus();
}

async function shareLink() {
  const base = location.href.split('#')[0].replace(/([?&])embed=1&?/, '$1').replace(/[?&]$/, '');
  return `${base}#s=${await encodeState(sharedState())}`;
}

async function embedCode() {
  const link = await shareLink();
  const url = new URL(link);
  url.pathname = url.pathname.replace(/[^/]*$/, 'embed.html');
  url.search = '';
  const script = new URL('embed.js', url).href;
  const title = (lessonOf(state.lesson)?.title_ko ?? state.data?.name ?? 'Noriteo').replace(/["<>&]/g, '');
  return `<iframe data-noriteo src="${url.href.replace(/"/g, '%22')}" width="100%" height="1100" style="border:0;max-width:760px" title="놀이터: ${title}" loading="lazy"></iframe>\n<script src="${script}" async></script>`;
}

async function showShare() {
  const box = $('share-box');
  box.hidden = false;
  $('share-link').value = await shareLink();
  $('embed-code').value = await embedCode();
  try {
    await navigator.clipboard.writeText($('share-link').value);
    $('share-note').textContent = t('copied');
  } catch { $('share-link').select(); }
}

function renderSaved() {
  const names = Object.keys(savedModels());
  $('saved').replaceChildren(el('option', { value: '', text: t('savedModels') }), ...names.map((n) => el('option', { value: n, text: n })));
}

function wireSharing() {
  $('share').addEventListener('click', () => { showShare(); });
  $('embed').addEventListener('click', () => { showShare(); $('embed-code').focus(); });
  $('embed-lock').addEventListener('change', async () => {
    const own = state.lock;
    state.lock = $('embed-lock').value;
    try { await showShare(); } finally { state.lock = own; }
  });
  $('save').addEventListener('click', () => {
    const name = prompt(t('saveName'), state.data?.name ?? 'model');
    if (!name) return;
    try {
      saveNamed(name, sharedState(), state.weights && state.weightsFor === modelKey() ? state.weights : null);
    } catch {
      $('message').textContent = `${t('saveFailed')} ${name}`;
      return;
    }
    renderSaved();
    $('message').textContent = `${t('savedAs')} ${name}`;
  });
  $('saved').addEventListener('change', () => {
    const m = loadNamed($('saved').value);
    $('saved').value = '';
    if (m) applyShared(m.state, m.weights).catch((e) => { state.message = e.message; renderStatus(); });
  });
  $('download-model').addEventListener('click', async () => {
    try {
      const m = await client.saveModel();
      download('model.json', m.config, 'application/json');
      download('model.weights.bin', m.weights, 'application/octet-stream');
    } catch (e) { state.message = e.message; renderStatus(); }
  });
  $('upload-model').addEventListener('change', async () => {
    const files = [...$('upload-model').files];
    const json = files.find((f) => f.name.endsWith('.json'));
    const bin = files.find((f) => !f.name.endsWith('.json'));
    try {
      if (!json) throw new Error('choose the model .json file (and its .bin weights file)');
      const layers = await client.handle({ type: 'model_from_json', json: await json.text() });
      editor.spec.model = layers;
      await sendSpec(editor.spec);
      editor.render();
      if (bin) {
        const weights = new Uint8Array(await bin.arrayBuffer());
        await client.restoreWeights(weights);
        state.weights = weights; state.weightsFor = modelKey();
      }
      state.message = '';
    } catch (e) { state.message = `${json?.name ?? ''}: ${e.message}`; }
    renderStatus();
  });
  $('copy-code').addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(state.code); $('message').textContent = t('copied'); } catch { getSelection().selectAllChildren($('code')); }
  });
  const fileBase = () => (state.lesson ?? state.data?.name ?? 'model').replace(/[^\w.-]+/g, '_').replace(/\.csv$/, '');
  $('download-py').addEventListener('click', () => download(`${fileBase()}.py`, state.code, 'text/x-python'));
  $('download-ipynb').addEventListener('click', async () => {
    const title = lessonOf(state.lesson)?.[language() === 'ko' ? 'title_ko' : 'title_en'] ?? state.data?.name ?? 'Noriteo';
    const out = await client.handle({ type: 'export', title });
    download(`${fileBase()}.ipynb`, out.notebook, 'application/x-ipynb+json');
  });
  if (state.embed) {
    document.body.classList.add('embed');
    if (window.parent !== window) {
      const report = () => window.parent.postMessage({ type: 'noriteo-height', height: document.documentElement.scrollHeight }, '*');
      new ResizeObserver(report).observe(document.body);
    }
  }
}

// ---------- CSV from a file or a URL ----------

function tableSource(base) {
  const header = $('header').value;
  return {
    ...base,
    options: { has_header: header === 'auto' ? null : header === 'yes' },
    table: {
      target: $('target').value ? [$('target').value] : [],
      features: featureChoice(),
      scaling: $('scaling').value,
      test_size: Number($('test-size').value) || 0,
      stratify: $('stratify').checked,
      drop_empty_rows: $('drop-empty').checked,
    },
  };
}

/// The chosen input columns, or null for "all but the target".
function featureChoice() {
  const options = [...$('features').options].filter((o) => o.value !== $('target').value);
  const picked = options.filter((o) => o.selected).map((o) => o.value);
  return picked.length === options.length || picked.length === 0 ? null : picked;
}

async function loadFile(file) {
  // The engine's own limit, checked here so that a huge file is never read into memory.
  const limit = wasm.max_csv_bytes();
  if (file.size > limit) {
    $('data-error').textContent = `${file.name}: ${(file.size / 1e6).toFixed(0)} MB is too big; the playground reads CSV files up to ${limit / 1e6} MB`;
    return;
  }
  const bytes = await file.arrayBuffer();
  state.lesson = null;
  await loadData({ kind: 'upload', file: file.name, options: {}, table: { test_size: 0.2 } }, { name: file.name, bytes }).catch(() => {});
}

function wireData() {
  $('file').addEventListener('change', () => { const f = $('file').files[0]; if (f) loadFile(f); });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault(); drop.classList.remove('over');
    const f = e.dataTransfer.files[0];
    if (f) loadFile(f);
  });
  $('url-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const url = $('url').value.trim();
    if (!url) return;
    state.lesson = null;
    loadData({ kind: 'csv', url, options: {}, table: { test_size: 0.2 } }).catch(() => {});
  });
  $('reload-data').addEventListener('click', () => {
    const { source, upload } = state.pending ?? { source: state.source, upload: state.upload };
    const base = source.kind === 'upload' ? { kind: 'upload', file: source.file } : { kind: 'csv', url: source.url };
    const lessonSetup = state.lesson && !state.pending ? state.spec : undefined;
    loadData(tableSource(base), upload, lessonSetup).catch(() => {});
  });
  $('target').addEventListener('change', () => { $('features').replaceChildren(); $('reload-data').click(); });
  $('features').addEventListener('change', () => $('reload-data').click());
}

// ---------- start ----------

async function start() {
  // The worker first: it compiles its engine while this thread compiles its own (charts).
  client = new EngineClient({ onProgress, onCrash });
  await wasm.default();
  $('version').textContent = `Noriteo ${wasm.version()} (${wasmBuild})`;
  editor = new Editor({ names: wasm.names(), drawActivation, onChange: (spec) => { sendSpec(spec).catch((e) => { state.message = e.message; renderStatus(); }); } });
  state.lessons = await client.handle({ type: 'lessons' });
  setLanguage(language());
  $('language').addEventListener('click', () => { setLanguage(language() === 'ko' ? 'en' : 'ko'); renderAll(); });
  $('lesson').addEventListener('change', () => { if ($('lesson').value) loadLesson($('lesson').value).catch(() => {}); });
  $('train').addEventListener('click', () => { train().catch(() => {}); });
  $('stop').addEventListener('click', () => { stop(); });
  $('reset').addEventListener('click', () => { reset(); });
  $('evaluate').addEventListener('click', () => { evaluate().catch((e) => { $('evaluation').textContent = e.message; }); });
  wireData();
  wireSharing();
  renderSaved();
  const wanted = new URLSearchParams(location.search).get('lesson');
  const fragment = fragmentState();
  const remembered = fragment || wanted ? null : recall();
  try {
    if (fragment?.error) throw new Error(fragment.error);
    if (fragment) await applyShared(await decodeState(fragment.fragment));
    else if (remembered) {
      await applyShared(remembered.state, remembered.weights);
      if (remembered.weights) state.message = t('restored');
    } else await loadLesson(lessonOf(wanted) ? wanted : DEFAULT_LESSON);
  } catch (e) {
    // A bad link or a stale memory: say so, and start on the default lesson.
    const message = e.message;
    await loadLesson(lessonOf(wanted) ? wanted : DEFAULT_LESSON).catch(() => {});
    state.message = message;
  }
  renderStatus();
}

const ready = start();
// While the learner reads the lesson, the worker lets the browser optimise the training code,
// so that the first Train runs at full speed (crates/wasm/src/warm_up.rs).
ready.then(() => client.warmUp()).catch(() => {});

window.playground = {
  ready,
  load, train, stop, evaluate, predict, summary, reset,
  state: snapshot,
  lessons: () => state.lessons.map((l) => ({ id: l.id, title_ko: l.title_ko, title_en: l.title_en, figure: l.figure })),
  setLanguage: (lang) => { setLanguage(lang); renderAll(); },
  on: (kind, fn) => { listeners[kind].add(fn); return () => listeners[kind].delete(fn); },
  /// For tests of crash recovery: makes the worker fail as an out-of-memory would.
  shareLink: async () => { await ready; return shareLink(); },
  embedCode: async () => { await ready; return embedCode(); },
  exportCode: async (title = '') => { await ready; return client.handle({ type: 'export', title }); },
  _simulateCrash: () => client.simulateCrash().catch(() => {}),
};
