// The notebook page's kernel, as the page sees it: a Python kernel in a Web Worker
// (web/notebook-worker.js) with promised answers, and the notebook wasm on this thread too,
// for figures and for the texts of catalogued messages. The wasm file is fetched and compiled
// once; this page and every kernel worker instantiate the same compiled module.
//
//   const kernel = new NotebookKernel({ lang: 'ko' });
//   await kernel.ready;
//   const { outputs, executionCount } = await kernel.run("print('안녕')\n1 + 1",
//     { onOutput: (output) => ..., onProgress: (text) => ... });
//
// `onOutput` hears printed text in pieces as it is printed (consecutive `stream` outputs
// continue one another, as Jupyter's messages do); the resolved `outputs` hold it whole.
// Outputs are Jupyter's JSON shapes (`stream`, `execute_result`, `display_data`, `error`); an
// error also has `ename`, `code`, `line`, `column`, `end_line`, `end_column`, `message_ko`,
// `message_en`, `traceback_ko` and `traceback_en`. Cells run one after another in the order
// `run` was called.
import * as bindings from '../../pkg/noriteo_notebook.js';

/// How long a cell may take to stop after an Interrupt before the kernel is replaced: a loop
/// inside a `def` runs without a pause, so its worker never reads the Interrupt.
const INTERRUPT_WAIT_MS = 1000;

let compiled = null;
let instantiated = null;
/// The bindings, once this thread's instance is ready (after any kernel's `ready`).
let loaded = null;

/// The notebook wasm, compiled once for this page and its workers.
function compiledModule() {
  compiled ??= (async () => {
    const response = await fetch(new URL('../../pkg/noriteo_notebook_bg.wasm', import.meta.url));
    if (!response.ok) throw new Error(`the notebook's engine could not be loaded: HTTP ${response.status}`);
    // compileStreaming needs the server to say application/wasm; the bytes do elsewhere.
    if (response.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
    return WebAssembly.compile(await response.arrayBuffer());
  })();
  return compiled;
}

/// The notebook wasm on this thread (figures and message texts).
function mainThread() {
  instantiated ??= compiledModule().then((module) => bindings.default({ module_or_path: module })).then(() => { loaded = bindings; });
  return instantiated;
}

/// A catalogued message (`{code, params}`) in 'ko' or 'en'; the wasm must be loaded
/// (`kernel.ready`).
export function messageText(message, lang) {
  return bindings.message_text(message, lang);
}

/// A cell output for a kernel that had to be replaced: an error as the kernel's own are.
function replacedOutput(message, ename) {
  const [ko, en] = [messageText(message, 'ko'), messageText(message, 'en')];
  return {
    output_type: 'error', ename, code: message.code,
    message_ko: ko, message_en: en, traceback_ko: `${ename}: ${ko}`, traceback_en: `${ename}: ${en}`,
  };
}

export class NotebookKernel {
  /// `lang`: 'ko' or 'en'. `onRestart(output)`, if given, hears of a kernel that was
  /// replaced (every variable gone), with the error output that says why.
  constructor({ lang = 'ko', onRestart = null } = {}) {
    this.lang = lang;
    this.onRestart = onRestart;
    this.next = 1;
    /// id → {resolve, reject, cell}; `cell` ({outputs, onOutput, onProgress}) for runs.
    this.pending = new Map();
    /// Files added, replayed into a replaced kernel.
    this.files = new Map();
    this.worker = null;
    this.ready = Promise.all([compiledModule(), mainThread()]).then(([module]) => {
      this.module = module;
      this.start();
    });
  }

  start() {
    this.worker = new Worker(new URL('../../notebook-worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.replace({ code: 'nb_kernel_crashed', params: { reason: e.message || 'error' } }, 'SystemError');
    };
    this.worker.postMessage({ op: 'init', module: this.module, lang: this.lang });
    for (const [name, bytes] of this.files) this.worker.postMessage({ id: 0, op: 'add_file', name, bytes });
  }

  receive(data) {
    const waiter = this.pending.get(data.id);
    if (!waiter) return;
    const { cell } = waiter;
    if (data.event === 'output') {
      // Printed text comes in pieces as it is printed; the cell's outputs keep it whole, as
      // a saved notebook does.
      const before = cell.outputs.at(-1);
      const o = data.output;
      if (o.output_type === 'stream' && before?.output_type === 'stream' && before.name === o.name) {
        cell.outputs[cell.outputs.length - 1] = { ...before, text: before.text + o.text };
      } else {
        cell.outputs.push({ ...o });
      }
      cell.onOutput?.(o);
      return;
    }
    if (data.event === 'progress') { cell.onProgress?.(data.text); return; }
    this.pending.delete(data.id);
    if (data.crashed) {
      // The kernel broke inside the cell: its variables are gone with the worker.
      this.pending.set(data.id, waiter);
      this.replace(data.error, 'SystemError');
      return;
    }
    if ('error' in data) {
      const error = new Error(messageText(data.error, this.lang));
      error.code = data.error.code;
      error.params = data.error.params;
      waiter.reject(error);
    } else if (cell) {
      waiter.resolve({ outputs: cell.outputs, executionCount: data.result.executionCount });
    } else {
      waiter.resolve(data.result);
    }
  }

  /// Ends a kernel that broke or stopped answering and starts a fresh one: each cell waiting
  /// ends with an error output that says so; other requests are refused with the message.
  replace(message, ename) {
    this.worker.terminate();
    const output = replacedOutput(message, ename);
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const { resolve, reject, cell } of waiters) {
      if (cell) {
        cell.outputs.push(output);
        cell.onOutput?.(output);
        resolve({ outputs: cell.outputs, executionCount: null, restarted: true });
      } else {
        const error = new Error(messageText(message, this.lang));
        error.code = message.code;
        reject(error);
      }
    }
    this.start();
    this.onRestart?.(output);
  }

  send(message, cell = null) {
    const id = this.next++;
    let settled;
    const promise = new Promise((resolve, reject) => {
      settled = { resolve, reject, cell };
      this.pending.set(id, settled);
      this.worker.postMessage({ ...message, id });
    });
    settled.promise = promise;
    return promise;
  }

  /// Runs a cell: `onOutput(output)` hears each output as it is made, `onProgress(text)`
  /// Keras' moving progress line (shown in place; each epoch's finished line comes as an
  /// output). Resolves with `{outputs, executionCount}`, also when the cell raised (its
  /// last output is then the error).
  async run(source, { onOutput, onProgress } = {}) {
    await this.ready;
    return this.send({ op: 'run', source }, { outputs: [], onOutput, onProgress });
  }

  /// The cell running now, if any (the worker runs cells in the order they were sent).
  runningCell() {
    for (const waiter of this.pending.values()) if (waiter.cell) return waiter;
    return null;
  }

  /// Stops the cell running now with KeyboardInterrupt, keeping every variable (and a
  /// model's weights as trained so far); resolves when it has stopped. A cell that does not
  /// stop within a second (a loop inside a function) costs the kernel: it is replaced, and
  /// the cell ends with a message that says so.
  async interrupt() {
    await this.ready;
    const cell = this.runningCell();
    if (!cell) return;
    const timer = setTimeout(() => {
      if ([...this.pending.values()].includes(cell)) {
        this.replace({ code: 'nb_kernel_restarted', params: { seconds: INTERRUPT_WAIT_MS / 1000 } }, 'KeyboardInterrupt');
      }
    }, INTERRUPT_WAIT_MS);
    this.worker.postMessage({ id: 0, op: 'interrupt' });
    try { await cell.promise; } catch { /* the cell's own outcome is its caller's */ } finally { clearTimeout(timer); }
  }

  /// A fresh kernel: every variable is gone; added files stay. A running cell is
  /// interrupted first.
  async restart() {
    await this.ready;
    if (this.runningCell()) await this.interrupt();
    await this.send({ op: 'restart' });
  }

  /// A file that cells read by `name` (`pd.read_csv('data.csv')`): bytes (ArrayBuffer or a
  /// typed array) or text, which is stored as UTF-8.
  async addFile(name, data) {
    let bytes;
    if (typeof data === 'string') bytes = new TextEncoder().encode(data);
    else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data.slice(0));
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    else throw new TypeError('addFile(name, data): data must be text, an ArrayBuffer or a typed array');
    this.files.set(name, bytes);
    await this.ready;
    await this.send({ op: 'add_file', name, bytes });
  }

  /// 'ko' or 'en': the language of text the kernel writes itself (errors carry both).
  async setLang(lang) {
    this.lang = lang;
    await this.ready;
    await this.send({ op: 'set_lang', lang });
  }

  /// Ends the kernel's worker for good (a page that closes a notebook).
  dispose() {
    this.worker?.terminate();
  }
}

/// Draws a figure a cell made (a `display_data` output's `application/vnd.noriteo.figure+json`)
/// on `canvas`, `width` CSS pixels wide, with the notebook wasm on this thread (plotters
/// cannot draw in a worker). Synchronous once a kernel is `ready`; throws before.
export function drawFigure(canvas, spec, width) {
  if (!loaded) throw new Error('the notebook engine is still loading: await kernel.ready first');
  if (typeof loaded.draw_figure !== 'function') throw new Error('this build of the notebook engine has no draw_figure');
  return loaded.draw_figure(canvas, spec, width);
}
