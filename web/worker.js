// The training worker: a thin loop around the wasm Engine, which owns the session (data,
// setup, model, training) and decides every request. Messages in: `{id, request}` (a
// `{type: ...}` request for the engine) or `{id, op}` for the few things that are not one
// (streaming a load's files, training in slices, weights as bytes, the warm-up).
// Answers: `{id, result}` or `{id, error: {code, params}}`, a catalogued message.
//
// Training runs in ~40 ms slices with a yield between them, so that a Stop (or any other
// request) is read within one slice.

const SLICE_MS = 40;
// How long the page's warm-up trains throwaway models (see crates/wasm/src/warm_up.rs), in
// slices: the browser optimises a function after it has run for a while, and the hottest
// loops of MNIST and of a small table model took several hundred milliseconds to get there.
const WARM_UP_MS = 500;
const WARM_UP_SLICE_MS = 25;
let engine;
let wasm;
let warmUp;
let maxFileBytes = 0;
let interrupted = false;
// Imported, not `import`ed: the loader awaits its choice of build, and a worker whose module
// graph is still awaiting drops the messages posted to it meanwhile (no onmessage yet).
const ready = import('./js/wasm.js').then(async ({ default: bindings }) => {
  wasm = await bindings.default();
  engine = new bindings.Engine();
  warmUp = bindings.warm_up;
  maxFileBytes = bindings.max_csv_bytes();
});

// A message-channel hop yields to the event loop without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(null); });

/// The download under way: a newer load (or a cancel) ends it at once, so a slow server
/// never holds a superseded load open.
let downloading = null;

function endDownload(code = 'load_superseded') {
  if (!downloading) return;
  const { downloader, fail } = downloading;
  downloading = null;
  downloader.postMessage({ cancel: true });
  downloader.terminate();
  fail({ code, params: {} });
}

/// Streams the files of load `load` into the engine as download-worker.js fetches them,
/// one at a time, in the order the engine asked for them; the engine inflates gzip files as
/// they come and refuses the bytes of a load that was superseded.
function download(load, files) {
  return new Promise((resolve, reject) => {
    const downloader = new Worker(new URL('./download-worker.js', import.meta.url));
    const mine = { downloader, fail: reject };
    downloading = mine;
    const finish = (f, value) => {
      if (downloading === mine) downloading = null;
      downloader.terminate();
      f(value);
    };
    let index = 0;
    const next = () => {
      if (index === files.length) { finish(resolve); return; }
      downloader.postMessage({ url: new URL(files[index].url, location.href).href, limit: maxFileBytes });
    };
    downloader.onmessage = ({ data }) => {
      if (downloading !== mine) return;
      try {
        if ('error' in data) finish(reject, { code: data.code ?? 'download_failed', params: data.params ?? { url: files[index].url, reason: data.error } });
        else if ('size' in data) engine.start_file(load, index, data.size);
        else if (data.chunk) {
          engine.push_bytes(load, index, data.chunk);
          downloader.postMessage({ buffer: data.chunk.buffer }, [data.chunk.buffer]);
        } else if (data.done) { index += 1; next(); }
      } catch (e) {
        finish(reject, e);
      }
    };
    downloader.onerror = (e) => {
      e.preventDefault();
      finish(reject, { code: 'download_failed', params: { url: files[index]?.url ?? '', reason: e.message } });
    };
    next();
  });
}

/// A load: the engine numbers it and names its files; they arrive; the engine reads them.
/// A newer load supersedes this one, which then ends with `load_superseded`.
async function load(request, bytes) {
  endDownload();
  const { load: number, files } = engine.handle(request);
  if (bytes) {
    engine.start_file(number, 0, bytes.byteLength);
    engine.push_bytes(number, 0, new Uint8Array(bytes));
  } else if (files.length) {
    await download(number, files);
  }
  return engine.handle({ type: 'finish_load', load: number });
}

async function train(id, epochs) {
  engine.handle({ type: 'start_training', epochs: epochs ?? null });
  for (;;) {
    const slice = engine.handle({ type: 'train_slice', budget_ms: SLICE_MS });
    if (slice.done) return slice;
    postMessage({ event: 'progress', id, slice });
    // A fit the engine paces to be watched (Lesson 1's line) waits a moment between slices.
    if (slice.pace_ms > 0) await new Promise((resolve) => setTimeout(resolve, slice.pace_ms));
    else await yieldToEvents();
  }
}

async function run(message) {
  if (message.request) {
    const { request } = message;
    if (request.type === 'load') return load(request, message.bytes);
    if (request.type === 'cancel_load') endDownload('load_cancelled');
    return engine.handle(request);
  }
  switch (message.op) {
    case 'train': return train(message.id, message.epochs);
    // Once per worker; the page asks when it is ready and idle. Any other request stops it
    // within a slice, so a Train pressed right after the page opens waits at most that long.
    case 'warm_up': {
      const until = performance.now() + WARM_UP_MS;
      const run = warmUp;
      warmUp = null;
      interrupted = false;
      while (run && !interrupted && performance.now() < until) {
        run(WARM_UP_SLICE_MS);
        await yieldToEvents();
      }
      return null;
    }
    case 'ping': return null;
    case 'save_model': return engine.save_model();
    // Bytes of wasm memory (it only grows, so this is the peak), for the benchmark.
    case 'memory': return wasm.memory.buffer.byteLength;
    case 'restore_weights': return engine.restore_weights(new Uint8Array(message.weights));
    default: throw { code: 'bad_request', params: { text: `unknown worker operation ${message.op}` } };
  }
}

/// Errors as catalogued messages: the engine throws `{code, params}` already; anything else
/// (a trap inside wasm) is the engine breaking, and the page starts a new worker.
function refusal(e) {
  if (e && typeof e === 'object' && typeof e.code === 'string' && !(e instanceof Error)) return { message: e, crashed: false };
  const crashed = e instanceof WebAssembly.RuntimeError;
  return { message: { code: 'worker_crashed', params: { reason: String(e?.message ?? e) } }, crashed };
}

onmessage = async ({ data: message }) => {
  if (message.op !== 'warm_up') interrupted = true;
  try {
    await ready;
    postMessage({ id: message.id, result: await run(message) });
  } catch (e) {
    const { message: error, crashed } = refusal(e);
    postMessage({ id: message.id, error, crashed });
    if (crashed) close();
  }
};
