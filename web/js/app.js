// The page: renders the engine's session and forwards the learner's actions to it, and exposes
// `window.playground`, the API lecturers script embeds with and tests drive. The session
// (data, setup, model, training) lives in the engine (crates/core/src/session): this file
// keeps only what the page itself shows (curves, log, messages) and never decides a rule.
import wasm, { build as wasmBuild } from './wasm.js';
import { EngineClient } from './engine-client.js';
import { Editor, el } from './editor.js';
import { drawActivation, drawFitLine, drawHistory, drawResults } from './charts.js';
import { language, setLanguage, t } from './i18n.js';
import { TryModel } from './try-model.js';
import { decodeState, download, encodeCells, encodeState, fragmentState, loadNamed, recall, remember, saveNamed, savedModels } from './share.js';

const $ = (id) => document.getElementById(id);
const DEFAULT_LESSON = 'iris';
const LOG_LINES = 400;
const EVENTS = ['progress', 'epoch', 'done'];
/// Notes that report how things went rather than a problem: shown in the ink colour, not red.
const NOTICES = new Set(['stopped', 'earlyStopped', 'finished', 'restored', 'copied']);

const state = {
  /// The engine's session as it last answered: status, lesson, source, data, spec, errors,
  /// summary, code, trained.
  view: null,
  lessons: [],
  /// Loads on their way, and the lesson the newest one asked for (the menu shows it).
  loads: new Set(), wanted: null,
  /// The bytes of the uploaded file the session reads (to read it again, or after a crash).
  upload: null,
  /// A table that could not be read, kept so its options can be fixed and it read again.
  pending: null,
  training: false, history: null, slice: null, log: [], evaluation: null,
  /// This fit's own History, and the curves a one-epoch step continues (null for a full Train).
  fitHistory: null, stepBase: null,
  /// What the page says: a catalogued engine message `{code, params}`, `{key}` of i18n.js,
  /// or nothing. Kept as such, so that a language switch rewords it.
  message: null, dataError: null, evaluationError: null,
  /// The last trained weights and the model they belong to (JSON of layers and seed).
  weights: null, weightsFor: null,
  embed: new URLSearchParams(location.search).has('embed'), lock: '',
};
let client;
let editor;
/// The "try the model" panel (web/js/try-model.js).
let tryModel;
let trainingDone = null;
let drawQueued = false;
const listeners = { progress: new Set(), epoch: new Set(), done: new Set() };

function emit(kind, value) { for (const f of listeners[kind]) { try { f(value); } catch (e) { console.error(e); } } }

/// A note (an engine message, an i18n key, or plain text) in the page's language.
function say(note) {
  if (!note) return '';
  if (typeof note === 'string') return note;
  if (note.key) return t(note.key);
  return wasm.message_text(note, language());
}

/// What a failed request leaves to show: the engine's message, or the error's own text.
const noteOf = (e) => e?.engineMessage ?? String(e?.message ?? e);

const spec = () => state.view?.spec ?? null;
const data = () => state.view?.data ?? null;
const loading = () => state.loads.size > 0;

// ---------- rendering ----------

function lessonOf(id) { return state.lessons.find((l) => l.id === id); }

function renderLessonList() {
  const select = $('lesson');
  // While a lesson loads, the menu shows the learner's choice; a table keeps the lesson shown
  // until it has arrived.
  const shown = (loading() && state.wanted) || (state.view?.lesson ?? null);
  const custom = shown ? [] : [el('option', { value: '', text: data()?.name ?? '—' })];
  select.replaceChildren(...custom, ...state.lessons.map((l, i) =>
    el('option', { value: l.id, text: `${i + 1}. ${language() === 'ko' ? l.title_ko : l.title_en}` })));
  select.value = shown ?? '';
  const lesson = lessonOf(state.view?.lesson);
  const baseline = data()?.baseline;
  const beside = baseline === null || baseline === undefined ? '' : ` · ${t('baselineShort')} ${baseline.toFixed(3)}`;
  $('lesson-intro').textContent = lesson ? `${language() === 'ko' ? lesson.intro_ko : lesson.intro_en}\n${t('figure')}: ${lesson.figure}${beside}` : '';
  // A lesson cannot change under a running fit, and a locked embed keeps its lesson.
  select.disabled = !!(state.embed && state.lock);
  select.title = state.embed && state.lock ? t('embedLessonLocked') : '';
}

/// The data's class names in the page's language (the engine's catalogue has Fashion's in Korean).
function classNames() {
  const d = data();
  return language() === 'ko' && d?.class_names_ko?.length === d?.class_names.length ? d.class_names_ko : d?.class_names ?? [];
}

/// The result charts, with class names in the page's language.
async function showResults() {
  const plots = await client.handle({ type: 'results' });
  const names = classNames();
  for (const p of plots) if (p.classes?.length === names.length) p.classes = names;
  drawResults($('result-charts'), plots);
}

function renderData() {
  const d = data();
  $('data-error').textContent = say(state.dataError);
  if (!d) { $('data-info').textContent = t('noData'); return; }
  const shape = `(${d.input_shape.join(', ')}${d.input_shape.length === 1 ? ',' : ''})`;
  const classes = d.class_names.length ? ` — ${classNames().join(', ')}` : '';
  let text = `${d.name}: ${t('rowsTrain')} ${d.train_rows}, ${t('rowsTest')} ${d.test_rows} ${t('rows')} · ${t('features')} ${shape} · ${t(d.task.kind)}${classes}`;
  if (d.baseline !== null && d.baseline !== undefined) text += `\n${t('baseline')} ${d.baseline.toFixed(3)}`;
  $('data-info').textContent = text;
  $('input-shape').textContent = `Input(shape=${shape})`;
  const s = d.suggestion;
  const layer = s.layer.activation && s.layer.activation !== 'linear' ? `Dense(${s.layer.units}, activation='${s.layer.activation}')` : `Dense(${s.layer.units})`;
  $('suggestion').replaceChildren(`${t('suggested')}: ${layer}, loss='${s.loss}' `,
    el('button', { type: 'button', text: t('apply'), onclick: applySuggestion }));
  const source = state.view.source;
  const table = source && (source.kind === 'csv' || source.kind === 'upload');
  $('table-options').hidden = !table && !state.pending;
  if (state.pending) {
    $('target').replaceChildren(el('option', { value: '', text: '—' }));
    return;
  }
  $('preview-box').hidden = !d.preview;
  if (d.preview) renderPreview(d.preview);
  if (table && d.preview) {
    const target = source.table?.target?.[0] ?? d.preview.columns.at(-1);
    $('target').replaceChildren(...d.preview.columns.map((c) => el('option', { value: c, text: c })));
    $('target').value = target;
    // Every column but the target is an input unless the learner picks fewer.
    const chosen = source.table?.features ?? null;
    $('features').replaceChildren(...d.preview.columns.filter((c) => c !== target).map((c) =>
      el('option', { value: c, text: c, ...(chosen === null || chosen.includes(c) ? { selected: '' } : {}) })));
    $('header').value = source.options?.has_header === undefined || source.options?.has_header === null ? 'auto' : source.options.has_header ? 'yes' : 'no';
    $('scaling').value = source.table?.scaling ?? 'none';
    $('test-size').value = source.table?.test_size ?? 0;
    $('stratify').checked = !!source.table?.stratify;
    $('drop-empty').checked = !!source.table?.drop_empty_rows;
  }
}

function renderPreview(p) {
  // Column names and cells come from the user's file: text nodes only, never HTML.
  const head = el('tr', {}, ...p.columns.map((c) => el('th', { text: c })));
  const rows = p.rows.map((r) => el('tr', {}, ...r.map((c) => el('td', { text: c }))));
  const note = el('p', { class: 'info', text: `${p.total_rows} ${t('rows')} · ${t('encoding')} ${p.encoding} · '${p.delimiter === ' ' ? '␣' : p.delimiter}' · ${t('header')}: ${p.has_header ? t('yes') : t('no')} · ${t('emptyCells')}: ${p.empty_cells}` });
  $('preview').replaceChildren(note, el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
}

/// The setup's problems in the page's language: the editor's own (a field that is not a
/// whole number yet) and the engine's.
function setupErrors() {
  const engine = (state.view?.errors ?? []).map((e) => ({ field: e.field, code: e.message.code, message: say(e.message) }));
  return [...editor.localErrors(), ...engine];
}

function renderSetup() {
  const errors = setupErrors();
  editor.showErrors(errors);
  $('summary').textContent = state.view?.summary ?? '';
  $('code').textContent = state.view?.code ?? '';
  const why = !data() ? [t('noData')] : errors.length ? [t('fixFirst'), ...errors.map((e) => `• ${e.message}`)] : [];
  // While another lesson or table is on its way, Train would start on the old data.
  $('train').disabled = state.training || loading() || why.length > 0;
  $('train').title = loading() ? t('loading') : why.join('\n');
  $('train-why').textContent = state.training ? '' : why.join('\n');
  $('stop').disabled = !state.training;
  $('step').disabled = state.training || loading() || why.length > 0;
  $('cancel-load').hidden = !loading();
  $('reset').disabled = state.training;
  tryModel?.sync(state.view, state.training);
  $('evaluate').disabled = state.training || loading() || !data()?.test_rows;
  // A greyed-out Evaluate says why, in a tooltip and, when it lasts (no test set), on the page.
  const evaluateWhy = state.training ? t('evaluateTraining') : loading() ? t('evaluateLoading')
    : !data() ? t('noData') : !data().test_rows ? t('noTest') : '';
  $('evaluate').title = evaluateWhy;
  $('evaluate-why').textContent = !state.training && !loading() && data() && !data().test_rows ? t('noTest') : '';
  for (const s of ['data-section', 'model-section', 'compile-section']) {
    for (const c of $(s).querySelectorAll('input, select, button')) {
      // The learning rate stays editable while training: the engine applies it from the next batch.
      const live = c.id === 'learning-rate';
      c.disabled = (state.training && !live) || c.dataset.edge === 'true' || (c.id === 'patience' && !spec()?.fit.early_stopping) || locked(c);
    }
  }
}

/// In an embed, the lecturer may leave only the learning rate (or nothing) editable.
function locked(control) {
  if (!state.embed || !state.lock) return false;
  return !(state.lock === 'learning_rate' && control.dataset.field === 'compile.optimizer.learning_rate');
}

function renderStatus() {
  const s = state.slice;
  let text = t(state.training ? 'training' : loading() ? 'loading' : 'ready');
  // The status gives the whole fit's time left; Keras' per-epoch "ETA: 0s" stays in the log's lines.
  const left = (r) => (r === null || r === undefined ? '' : `  · ${t('remaining')} ${r < 60 ? `${Math.ceil(r)}s` : `${Math.floor(r / 60)}m ${Math.ceil(r % 60)}s`}`);
  if (state.training && s && s.batches) text = `${t('epoch')} ${Math.min(s.epoch + 1, s.epochs)}/${s.epochs}  ${s.line.replace(/ - ETA: \S+/, '')}${left(s.remaining_s)}`;
  else if (!state.training && s && !s.error && s.batches) text = `${t('epoch')} ${s.epochs}/${s.epochs}  ${s.line}`;
  $('status').textContent = text;
  showMessage(say(state.message), NOTICES.has(state.message?.key));
  $('log').textContent = state.log.join('\n');
  $('log').scrollTop = $('log').scrollHeight;
  $('evaluation').textContent = state.evaluationError ? say(state.evaluationError)
    : state.evaluation ? `${t('testResult')}: ${Object.entries(state.evaluation).map(([k, v]) => `${k}: ${v.toFixed(4)}`).join(' - ')}${'accuracy' in state.evaluation && data()?.baseline != null ? ` (${t('baselineShort')} ${data().baseline.toFixed(3)})` : ''}` : '';
  renderLineParams();
}

/// The page's one-line message: a problem in red (an alert), or a notice such as an
/// EarlyStopping stop in the ink colour (a status).
function showMessage(text, notice = false) {
  const m = $('message');
  m.textContent = text;
  m.className = notice ? 'note' : 'error';
  m.setAttribute('role', notice ? 'status' : 'alert');
}

/// Lesson 1's a and b (and the loss) as they move: the engine sends them for a straight-line model.
function renderLineParams() {
  const p = state.slice?.line_params;
  const loss = state.slice?.logs?.loss ?? (state.history?.history.loss ?? []).at(-1);
  $('line-params').textContent = p ? `a (${t('slope')}) = ${p[0].toFixed(4)} · b (${t('intercept')}) = ${p[1].toFixed(4)}${loss === undefined ? '' : ` · loss = ${loss.toFixed(4)}`}` : '';
}

function drawCurves() {
  drawQueued = false;
  drawHistory($('history'), state.history, state.training ? state.slice : null, spec()?.fit.epochs, data()?.baseline);
  const line = state.slice?.line_fit;
  if (line && data()?.points && state.training) {
    let canvas = $('result-charts').querySelector('canvas.live-fit');
    if (!canvas) {
      canvas = el('canvas', { class: 'live-fit', width: '360', height: '320' });
      $('result-charts').replaceChildren(canvas);
    }
    drawFitLine(canvas, data().points, line);
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

// ---------- the session ----------

/// Takes the engine's answer as the page's state; a new setup (a load) refills the form.
function show(view, { refill = false } = {}) {
  state.view = view;
  if (refill) editor.load(view.spec);
  rememberNow();
}

async function sendSpec(next) {
  // While training only the learning rate is editable; the engine applies it from the next batch.
  const rate = next.compile.optimizer?.learning_rate;
  const view = state.training && typeof rate === 'number'
    ? await client.handle({ type: 'set_learning_rate', learning_rate: rate })
    : await client.handle({ type: 'set_spec', spec: next });
  show(view);
  renderSetup();
  // The empty chart's x-axis follows a changed epoch count.
  queueDraw();
  return view;
}

function clearResults() {
  state.history = null; state.slice = null; state.log = []; state.evaluation = null; state.evaluationError = null; state.message = null;
  state.fitHistory = null; state.stepBase = null;
  $('result-charts').replaceChildren();
}

function applySuggestion() {
  const s = data().suggestion;
  const edited = editor.spec;
  edited.model.layers[edited.model.layers.length - 1] = structuredClone(s.layer);
  edited.compile.loss = s.loss;
  editor.changed();
}

/// Sends a load request; the engine numbers loads, so only the newest one applies and the
/// others end with `load_superseded`. A load that fails leaves everything as it was.
async function loadRequest(request, upload = null) {
  let done;
  const mine = new Promise((resolve) => { done = resolve; });
  state.loads.add(mine);
  state.wanted = request.lesson ?? null;
  renderLessonList(); renderSetup(); renderStatus();
  try {
    const view = await client.handle(request, upload?.bytes);
    state.upload = view.source?.kind === 'upload' ? upload : null;
    state.pending = null;
    state.dataError = null;
    // A load starts afresh, as a new page does: its model has no trained weights yet.
    state.weights = null; state.weightsFor = null;
    clearResults();
    show(view, { refill: true });
    return view;
  } catch (e) {
    if (e.code !== 'load_superseded' && e.code !== 'load_cancelled') {
      state.dataError = noteOf(e);
      // A table that failed keeps its options open so the learner can fix them (header,
      // empty rows) and read it again.
      const source = request.data;
      if (source && (source.kind === 'csv' || source.kind === 'upload')) state.pending = { source, upload };
    }
    throw e;
  } finally {
    state.loads.delete(mine);
    done();
    renderAll();
  }
}

/// A script that did not wait for load() works on the data it asked for, not the old data.
async function loadsSettled() {
  while (loading()) await Promise.all(state.loads);
}

/// Drops the load under way (a slow URL); what was loaded before stays.
async function cancelLoad() {
  await ready;
  show(await client.handle({ type: 'cancel_load' }));
  await loadsSettled();
  return snapshot();
}

async function load(what, overrides) {
  await ready;
  const request = typeof what === 'string' ? { type: 'load', lesson: what, overrides: overrides ?? null }
    : { type: 'load', data: what?.data ?? null, setup: what?.setup ?? null, overrides: overrides ?? null };
  await loadRequest(request);
  return snapshot();
}

function onProgress(slice) {
  if (state.slice === null) {
    const base = state.stepBase;
    clearResults();
    state.stepBase = base;
  }
  state.slice = slice;
  // Each slice carries the epochs that ended in it; the last one carries them all.
  if (slice.done || !state.fitHistory) state.fitHistory = structuredClone(slice.history);
  else {
    for (const [k, v] of Object.entries(slice.history.history)) (state.fitHistory.history[k] ??= []).push(...v);
    state.fitHistory.epoch.push(...slice.history.epoch);
  }
  state.history = withBase(state.stepBase, state.fitHistory);
  if (slice.epoch_lines.length) {
    state.log.push(...slice.epoch_lines);
    if (state.log.length > LOG_LINES) state.log.splice(0, state.log.length - LOG_LINES);
    emit('epoch', state.history);
  }
  emit('progress', slice);
  tryModel?.progress();
  renderStatus();
  queueDraw();
}

/// A one-epoch step's History continues the curves it steps on from.
function withBase(base, fit) {
  if (!base) return fit;
  const history = {};
  for (const k of new Set([...Object.keys(base.history), ...Object.keys(fit.history)])) history[k] = [...(base.history[k] ?? []), ...(fit.history[k] ?? [])];
  return { history, epoch: [...base.epoch, ...fit.epoch.map((e) => e + base.epoch.length)] };
}

async function train({ epochs = null } = {}) {
  await ready;
  await loadsSettled();
  if (state.training) throw new Error(say({ code: 'busy', params: {} }));
  // A step continues the curves of the weights it trains on; a full Train starts them afresh.
  const base = epochs !== null && state.history && state.view?.trained ? state.history : null;
  state.training = true;
  state.slice = null;
  state.fitHistory = null;
  state.stepBase = base;
  renderSetup(); renderStatus();
  let finished;
  trainingDone = new Promise((resolve) => { finished = resolve; });
  let crashed = false;
  try {
    const last = await client.train(epochs);
    onProgress(last);
    state.message = last.error ?? (last.stop_reason === 'stopped' ? { key: 'stopped' } : last.stop_reason === 'early_stopping' ? { key: 'earlyStopped' } : null);
    state.training = false;
    try { await showResults(); } catch (e) { console.warn(e); }
    try {
      state.weights = (await client.saveModel()).weights;
      state.weightsFor = modelKey();
    } catch (e) { console.warn(e); }
    emit('done', state.history);
    return state.history;
  } catch (e) {
    crashed = e.code === 'worker_crashed' || e.code === 'worker_silent';
    // A crash's own message (set by onCrash) stays: it says what the learner keeps.
    if (!crashed) state.message = noteOf(e);
    throw e;
  } finally {
    state.training = false;
    finished();
    if (!crashed) {
      try { show(await client.handle({ type: 'state' })); } catch (e) { console.warn(e); }
    }
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
  try {
    state.evaluation = await client.handle({ type: 'evaluate' });
    state.evaluationError = null;
    return state.evaluation;
  } catch (e) {
    state.evaluationError = noteOf(e);
    throw e;
  } finally { renderStatus(); }
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
  await ready;
  show(await client.handle({ type: 'reset' }));
  state.weights = null;
  clearResults();
  renderAll();
  return snapshot();
}

function snapshot() {
  const d = data();
  return structuredClone({
    status: state.training ? 'training' : loading() ? 'loading' : state.view?.status ?? 'starting',
    training: state.training,
    lesson: state.view?.lesson ?? null,
    data: d && { name: d.name, train_rows: d.train_rows, test_rows: d.test_rows, input_shape: d.input_shape, task: d.task, baseline: d.baseline, class_names: d.class_names, feature_names: d.feature_names, columns: d.preview?.columns ?? null },
    spec: spec(),
    errors: editor ? setupErrors() : [],
    summary: state.view?.summary ?? '',
    trained: state.view?.trained ?? false,
    history: state.history,
    epoch: state.slice ? state.slice.epoch : null,
    batch: state.slice ? state.slice.batch : null,
    logs: state.slice?.logs ?? null,
    log: state.log.slice(-20),
    message: say(state.message),
    data_error: say(state.dataError),
    evaluation: state.evaluation,
    language: language(),
    wasm_build: wasmBuild,
  });
}

/// The new worker starts empty: it gets the same data, setup and weights again, as a load
/// that Train waits for, so the learner loses nothing.
function onCrash(error) {
  state.training = false;
  state.message = error.engineMessage;
  renderSetup(); renderStatus();
  const view = state.view;
  if (!view?.source) return;
  const weights = state.weights && state.weightsFor === modelKey() ? state.weights : null;
  const key = state.weightsFor;
  const request = view.lesson ? { type: 'load', lesson: view.lesson, setup: view.spec } : { type: 'load', data: view.source, setup: view.spec };
  const message = state.message;
  loadRequest(request, state.upload)
    .then(async () => {
      if (weights) {
        await client.restoreWeights(weights);
        state.weights = weights; state.weightsFor = key;
        show(await client.handle({ type: 'state' }));
        await showResults();
      }
    })
    .catch((e) => { console.warn(e); })
    .finally(() => { state.message = message; renderStatus(); });
}

// ---------- share, embed, remember, export ----------

function modelKey() { return JSON.stringify([spec()?.model, spec()?.seed]); }

/// Everything a link needs to rebuild this setup (an uploaded file travels by name only).
function sharedState() {
  const v = state.view;
  return {
    v: 1,
    lesson: v?.lesson ?? null,
    data: v?.lesson ? null : v?.source ?? null,
    setup: v?.spec ?? null,
    ...(state.lock ? { lock: state.lock } : {}),
  };
}

function rememberNow() {
  if (!state.view?.data || state.embed) return;
  remember(sharedState(), state.weights && state.weightsFor === modelKey() ? state.weights : null);
}

/// Loads a setup from a link, the last visit or a saved model; weights when they fit.
async function applyShared(shared, weights) {
  if (shared.lock === 'learning_rate' || shared.lock === 'none') state.lock = shared.lock;
  if (!shared.lesson && shared.data?.kind === 'upload') {
    throw new Error(`${t('localFile')} ${String(shared.data.file).slice(0, 80)}`);
  }
  const request = shared.lesson ? { type: 'load', lesson: String(shared.lesson), setup: shared.setup ?? null }
    : { type: 'load', data: shared.data ?? null, setup: shared.setup ?? null };
  await loadRequest(request);
  if (weights) {
    await client.restoreWeights(weights);
    state.weights = weights;
    state.weightsFor = modelKey();
    show(await client.handle({ type: 'state' }));
    await showResults();
  }
  renderAll();
}

async function shareLink() {
  const base = location.href.split('#')[0].replace(/([?&])embed=1&?/, '$1').replace(/[?&]$/, '');
  return `${base}#s=${await encodeState(sharedState())}`;
}

/// The height of the compact playground in a blog column (700 px or so), so that the
/// snippet shows it whole without embed.js: the curves, a row of result charts (at most
/// 380 px high), the model with this setup's layers (more scroll inside the list) and the
/// settings. Measured in tests/e2e/layout.test.mjs.
function embedHeight() {
  const layers = Math.max(1, spec()?.model.layers.length ?? 1);
  return Math.ceil((EMBED_BASE + EMBED_PER_LAYER * layers) / 50) * 50;
}
const EMBED_BASE = 1300;
const EMBED_PER_LAYER = 56;

async function embedCode() {
  const link = await shareLink();
  const url = new URL(link);
  url.pathname = url.pathname.replace(/[^/]*$/, 'embed.html');
  url.search = '';
  const script = new URL('embed.js', url).href;
  const title = (lessonOf(state.view?.lesson)?.title_ko ?? data()?.name ?? 'Noriteo').replace(/["<>&]/g, '');
  return `<iframe data-noriteo src="${url.href.replace(/"/g, '%22')}" width="100%" height="${embedHeight()}" style="border:0;max-width:760px" title="놀이터: ${title}" loading="lazy"></iframe>\n<script src="${script}" async></script>`;
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
  // A choice in the menu closes it.
  $('menu').addEventListener('click', (e) => { if (e.target.closest('button')) $('menu').open = false; });
  $('menu').addEventListener('change', () => { $('menu').open = false; });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if ($('menu').open) { $('menu').open = false; $('menu').querySelector('summary').focus(); }
  });
  document.addEventListener('click', (e) => { if ($('menu').open && !$('menu').contains(e.target)) $('menu').open = false; });
  $('share-close').addEventListener('click', () => { $('share-box').hidden = true; $('share-note').textContent = ''; $('share').focus(); });
  $('share').addEventListener('click', () => { showShare(); });
  $('embed').addEventListener('click', () => { showShare(); $('embed-code').focus(); });
  $('embed-lock').addEventListener('change', async () => {
    const own = state.lock;
    state.lock = $('embed-lock').value;
    try { await showShare(); } finally { state.lock = own; }
  });
  $('save').addEventListener('click', () => {
    const name = prompt(t('saveName'), data()?.name ?? 'model');
    if (!name) return;
    try {
      saveNamed(name, sharedState(), state.weights && state.weightsFor === modelKey() ? state.weights : null);
    } catch {
      showMessage(`${t('saveFailed')} ${name}`);
      return;
    }
    renderSaved();
    showMessage(`${t('savedAs')} ${name}`, true);
  });
  $('saved').addEventListener('change', () => {
    const m = loadNamed($('saved').value);
    $('saved').value = '';
    if (m) applyShared(m.state, m.weights).catch((e) => { state.message = noteOf(e); renderStatus(); });
  });
  $('download-model').addEventListener('click', async () => {
    try {
      const m = await client.saveModel();
      download('model.json', m.config, 'application/json');
      download('model.weights.bin', m.weights, 'application/octet-stream');
    } catch (e) { state.message = noteOf(e); renderStatus(); }
  });
  $('upload-model').addEventListener('change', async () => {
    const files = [...$('upload-model').files];
    const json = files.find((f) => f.name.endsWith('.json'));
    const bin = files.find((f) => !f.name.endsWith('.json'));
    try {
      if (!json) throw new Error(t('chooseModelJson'));
      const layers = await client.handle({ type: 'model_from_json', json: await json.text() });
      const next = structuredClone(spec());
      next.model = layers;
      await sendSpec(next);
      editor.load(spec());
      if (bin) {
        const weights = new Uint8Array(await bin.arrayBuffer());
        await client.restoreWeights(weights);
        state.weights = weights; state.weightsFor = modelKey();
        show(await client.handle({ type: 'state' }));
      }
      state.message = null;
    } catch (e) { state.message = `${json?.name ?? ''}: ${say(noteOf(e))}`; }
    renderAll();
  });
  $('copy-code').addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(state.view?.code ?? ''); showMessage(t('copied'), true); } catch { getSelection().selectAllChildren($('code')); }
  });
  const fileBase = () => (state.view?.lesson ?? data()?.name ?? 'model').replace(/[^\w.-]+/g, '_').replace(/\.csv$/, '');
  $('download-py').addEventListener('click', () => download(`${fileBase()}.py`, state.view?.code ?? '', 'text/x-python'));
  $('download-ipynb').addEventListener('click', async () => {
    const title = lessonOf(state.view?.lesson)?.[language() === 'ko' ? 'title_ko' : 'title_en'] ?? data()?.name ?? 'Noriteo';
    const out = await client.handle({ type: 'export', title });
    download(`${fileBase()}.ipynb`, out.notebook, 'application/x-ipynb+json');
  });
  // The setup's Keras code, cell by cell as in the Colab file, opens in the notebook page.
  $('open-notebook').addEventListener('click', async () => {
    const title = lessonOf(state.view?.lesson)?.[language() === 'ko' ? 'title_ko' : 'title_en'] ?? data()?.name ?? 'Noriteo';
    const out = await client.handle({ type: 'export', title });
    const cells = JSON.parse(out.notebook).cells.map((c) => ({
      type: c.cell_type === 'markdown' ? 'markdown' : 'code',
      source: Array.isArray(c.source) ? c.source.join('') : String(c.source ?? ''),
    }));
    window.open(`notebook.html#nb=${await encodeCells(cells)}`, '_blank', 'noopener');
  });
  if (state.embed) {
    document.body.classList.add('embed');
    // The layer list holds the snippet's layers; one added later scrolls inside it.
    ready.then(() => { document.body.style.setProperty('--embed-layers', String(Math.max(1, spec()?.model.layers.length ?? 1))); }).catch(() => {});
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
    state.dataError = { code: 'download_too_big', params: { url: file.name, size_mb: Math.round(file.size / 1e6), limit_mb: Math.round(limit / 1e6) } };
    renderData();
    return;
  }
  const bytes = await file.arrayBuffer();
  // No table options: the engine reads a table of one's own with its defaults.
  const source = { kind: 'upload', file: file.name, options: {} };
  await loadRequest({ type: 'load', data: source }, { name: file.name, bytes }).catch(() => {});
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
    loadRequest({ type: 'load', data: { kind: 'csv', url, options: {} } }).catch(() => {});
  });
  $('reload-data').addEventListener('click', () => {
    const { source, upload } = state.pending ?? { source: state.view.source, upload: state.upload };
    const base = source.kind === 'upload' ? { kind: 'upload', file: source.file } : { kind: 'csv', url: source.url };
    // A lesson's table read again keeps the lesson's setup.
    const lessonSetup = state.view?.lesson && !state.pending ? spec() : null;
    loadRequest({ type: 'load', data: tableSource(base), setup: lessonSetup }, upload).catch(() => {});
  });
  $('target').addEventListener('change', () => { $('features').replaceChildren(); $('reload-data').click(); });
  $('features').addEventListener('change', () => $('reload-data').click());
}

// ---------- start ----------

async function start() {
  // The worker first: it compiles its engine while this thread compiles its own (charts).
  client = new EngineClient({ onProgress, onCrash, describe: (m) => wasm.message_text(m, language()) });
  await wasm.default();
  $('version').textContent = `Noriteo ${wasm.version()} (${wasmBuild})`;
  editor = new Editor({ names: wasm.names(), newLayer: (kind) => wasm.new_layer(kind), drawActivation, onChange: (next) => { sendSpec(next).catch((e) => { state.message = noteOf(e); renderStatus(); }); } });
  state.lessons = await client.handle({ type: 'lessons' });
  setLanguage(language());
  tryModel = new TryModel({ container: $('try-model'), request: (r) => client.handle(r), say });
  $('language').addEventListener('click', () => { setLanguage(language() === 'ko' ? 'en' : 'ko'); renderAll(); tryModel.render(); });
  $('lesson').addEventListener('change', async () => {
    $('start').hidden = true;
    const wanted = $('lesson').value;
    if (!wanted) return;
    // A fit under way keeps its lesson unless the learner agrees to stop it.
    if (state.training) {
      if (!confirm(t('stopToSwitch'))) {
        renderLessonList();
        state.message = { key: 'lessonLocked' };
        renderStatus();
        return;
      }
      await stop();
    }
    loadRequest({ type: 'load', lesson: wanted }).catch(() => {});
  });
  $('step').addEventListener('click', () => { $('start').hidden = true; train({ epochs: 1 }).catch(() => {}); });
  $('start-lesson1').addEventListener('click', () => {
    $('start').hidden = true;
    loadRequest({ type: 'load', lesson: state.lessons[0].id }).catch(() => {});
    $('lesson').focus();
  });
  $('start-close').addEventListener('click', () => { $('start').hidden = true; });
  $('train').addEventListener('click', () => { $('start').hidden = true; train().catch(() => {}); });
  $('stop').addEventListener('click', () => { stop(); });
  $('reset').addEventListener('click', () => { reset(); });
  $('evaluate').addEventListener('click', () => { evaluate().catch(() => {}); });
  $('cancel-load').addEventListener('click', () => { cancelLoad().catch(() => {}); });
  wireData();
  wireSharing();
  renderSaved();
  const wanted = new URLSearchParams(location.search).get('lesson');
  const fragment = fragmentState();
  const remembered = fragment || wanted ? null : recall();
  const first = lessonOf(wanted) ? wanted : DEFAULT_LESSON;
  // A first visit (no link, no lesson asked for, nothing remembered) offers one first step.
  $('start').hidden = !!(fragment || wanted || remembered || state.embed || !state.lessons.length);
  try {
    if (fragment?.error) throw new Error(fragment.error);
    if (fragment) await applyShared(await decodeState(fragment.fragment));
    else if (remembered) {
      await applyShared(remembered.state, remembered.weights);
      if (remembered.weights) state.message = { key: 'restored' };
    } else await loadRequest({ type: 'load', lesson: first });
  } catch (e) {
    // A bad link or a stale memory: say so, and start on the default lesson.
    const message = noteOf(e);
    await loadRequest({ type: 'load', lesson: first }).catch(() => {});
    state.message = message;
  }
  renderAll();
}

const ready = start();
// While the learner reads the lesson, the worker lets the browser optimise the training code,
// so that the first Train runs at full speed (crates/wasm/src/warm_up.rs).
ready.then(() => client.warmUp()).catch(() => {});

window.playground = {
  ready,
  load, cancelLoad, train, stop, evaluate, predict, summary, reset,
  state: snapshot,
  lessons: () => state.lessons.map((l) => ({ id: l.id, title_ko: l.title_ko, title_en: l.title_en, figure: l.figure })),
  setLanguage: async (lang) => {
    await ready;
    setLanguage(lang);
    renderAll();
    tryModel.render();
    return snapshot();
  },
  on: (kind, fn) => {
    if (!EVENTS.includes(kind)) throw new Error(`${t('unknownEvent')} '${String(kind)}': ${EVENTS.join(', ')}`);
    if (typeof fn !== 'function') throw new Error(t('listenerNotFunction'));
    listeners[kind].add(fn);
    return () => listeners[kind].delete(fn);
  },
  shareLink: async () => { await ready; return shareLink(); },
  embedCode: async () => { await ready; return embedCode(); },
  exportCode: async (title = '') => { await ready; return client.handle({ type: 'export', title: String(title) }); },
  results: async () => { await ready; await loadsSettled(); return client.handle({ type: 'results' }); },
  // Trying the trained model, as its panel does (crates/core/src/session/try_model.rs).
  predictImage: async (pixels) => { await ready; await loadsSettled(); return client.handle({ type: 'try_image', pixels: Array.from(pixels, Number) }); },
  tryRow: async (values) => { await ready; await loadsSettled(); return client.handle({ type: 'try_row', values: Array.from(values) }); },
  boundary: async (x, y, size) => {
    await ready; await loadsSettled();
    const form = await client.handle({ type: 'try_form' });
    const [bx, by] = x === undefined ? form.boundary ?? [0, 1] : [x, y];
    return client.handle({ type: 'boundary', x: bx, y: by, ...(size === undefined ? {} : { size }) });
  },
  tried: () => tryModel.shown(),
};
