// The notebook page's kernel worker: a thin loop around the notebook wasm's `Notebook`,
// which runs lecture Python cell by cell. A cell runs in ~40 ms slices with a yield between
// them, so an Interrupt (or anything else the page asks) is read within a slice; outputs and
// Keras' moving progress line are posted as they are made. A cell that reads a URL or a
// bundled data set pauses until this worker has fetched it (through download-worker.js, with
// the size limit); files the learner added are the kernel's own (`set_file`). The page's side
// is web/js/notebook/kernel-client.js.
//
// Messages in:
//   {op: 'init', module, lang}      the compiled notebook wasm (the page compiles it once for
//                                   itself and this worker), before anything else
//   {id, op: 'run', source}         runs a cell; cells run one after another, in order
//   {id, op: 'interrupt'}           answered at once; the running cell ends within a slice
//   {id, op: 'restart'}             a fresh kernel (after the running cell has stopped)
//   {id, op: 'add_file', name, bytes}
//   {id, op: 'set_lang', lang}
// Messages out:
//   {id, event: 'output', output}   an output of cell `id`, in Jupyter's JSON shape
//   {id, event: 'progress', text}   cell `id`'s moving progress line (at most once a slice)
//   {id, result} | {id, error: {code, params}}
import init, { Notebook, bundled_file, max_csv_bytes, message_text } from './pkg/noriteo_notebook.js';

const SLICE_MS = 40;

let kernel = null;
/// The page's language, for the reason of a failed download (the cell's error quotes it).
let lang = 'ko';
/// The cell running now: its request id, and how to end a wait for a file early.
let running = null;
/// Runs and restarts, one after another.
let queue = Promise.resolve();
let progress = null;
let progressSent = null;

let ready = null;

function start(message) {
  lang = message.lang ?? 'ko';
  ready = init({ module_or_path: message.module }).then(() => {
    kernel = new Notebook();
    kernel.set_lang(lang);
    kernel.set_progress_hook((text) => { progress = text; });
  });
  return ready;
}

// A message-channel hop yields to the event loop without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(null); });

function postOutputs(id) {
  for (const output of kernel.take_outputs()) postMessage({ id, event: 'output', output });
  if (progress !== progressSent) {
    progressSent = progress;
    if (progress !== null) postMessage({ id, event: 'progress', text: progress });
  }
}

async function runCell(id, source) {
  progress = progressSent = null;
  kernel.start_cell(source);
  const cell = { id, cancel: null };
  running = cell;
  try {
    for (;;) {
      const state = kernel.poll(SLICE_MS);
      postOutputs(id);
      if (state.state === 'done' || state.state === 'idle') return { executionCount: state.execution_count ?? null };
      if (state.state === 'need_file') await provide(cell, state.path);
      else await yieldToEvents();
    }
  } finally {
    running = null;
  }
}

/// Answers the kernel's request for `path`; a failure is the kernel's to report (as
/// Python's FileNotFoundError or OSError), not this worker's.
async function provide(cell, path) {
  try {
    kernel.provide_file(path, await fileBytes(cell, path), undefined);
  } catch (e) {
    kernel.provide_file(path, undefined, String(e?.message ?? e));
  }
}

async function fileBytes(cell, path) {
  if (/^https?:\/\//i.test(path)) return download(cell, path);
  const bundled = bundled_file(path);
  if (bundled) return download(cell, new URL(bundled, import.meta.url).href);
  throw new Error(`no file named ${path}: add it in the Files panel, or read it from its URL`);
}

/// The whole body of `url`, fetched by download-worker.js (which refuses a body over the
/// limit before or while reading it). An Interrupt ends the wait at once.
function download(cell, url) {
  return new Promise((resolve, reject) => {
    const downloader = new Worker(new URL('./download-worker.js', import.meta.url));
    const chunks = [];
    let total = 0;
    const finish = (f, value) => {
      cell.cancel = null;
      downloader.postMessage({ cancel: true });
      downloader.terminate();
      f(value);
    };
    cell.cancel = () => finish(reject, new Error('interrupted'));
    downloader.onmessage = ({ data }) => {
      // download-worker.js refuses with a catalogued code: worded in the page's language.
      if ('error' in data) finish(reject, new Error(data.code ? message_text({ code: data.code, params: data.params ?? {} }, lang) : data.error));
      else if (data.chunk) {
        chunks.push(data.chunk.slice());
        total += data.chunk.byteLength;
        downloader.postMessage({ buffer: data.chunk.buffer }, [data.chunk.buffer]);
      } else if (data.done) {
        const bytes = new Uint8Array(total);
        let at = 0;
        for (const c of chunks) { bytes.set(c, at); at += c.byteLength; }
        finish(resolve, bytes);
      }
    };
    downloader.onerror = (e) => { e.preventDefault(); finish(reject, new Error(e.message || `could not fetch ${url}`)); };
    downloader.postMessage({ url, limit: max_csv_bytes() });
  });
}

function restart() {
  kernel.restart();
  return null;
}

/// Errors as catalogued messages; anything else (a trap inside wasm) is the kernel breaking,
/// and the page starts a new worker.
function refusal(e) {
  if (e && typeof e === 'object' && typeof e.code === 'string' && !(e instanceof Error)) return { error: e, crashed: false };
  const crashed = e instanceof WebAssembly.RuntimeError;
  return { error: { code: 'nb_kernel_crashed', params: { reason: String(e?.message ?? e) } }, crashed };
}

function answer(id, work) {
  return Promise.resolve().then(work).then(
    (result) => postMessage({ id, result }),
    (e) => {
      const { error, crashed } = refusal(e);
      postMessage({ id, error, crashed });
      if (crashed) close();
    },
  );
}

onmessage = async ({ data: message }) => {
  const { id, op } = message;
  if (op === 'init') { start(message); return; }
  await ready;
  switch (op) {
    case 'run':
      queue = queue.then(() => answer(id, () => runCell(id, message.source)));
      return;
    case 'restart':
      queue = queue.then(() => answer(id, restart));
      return;
    case 'interrupt':
      answer(id, () => {
        if (!running) return null;
        kernel.interrupt();
        running.cancel?.();
        return null;
      });
      return;
    case 'add_file': {
      answer(id, () => { kernel.set_file(message.name, new Uint8Array(message.bytes)); return null; });
      return;
    }
    case 'set_lang':
      lang = message.lang;
      answer(id, () => { kernel.set_lang(lang); return null; });
      return;
    default:
      answer(id, () => { throw { code: 'bad_request', params: { text: `unknown notebook worker operation ${op}` } }; });
  }
};
