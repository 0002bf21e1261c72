// The training worker: a thin loop around the wasm Engine. Requests are forwarded to
// `engine.handle` unchanged (serde checks them in Rust); training runs in ~40 ms slices with
// a yield between them, so a Stop message is read within one slice.

const SLICE_MS = 40;
// How long the page's warm-up trains throwaway models (see crates/wasm/src/warm_up.rs), in
// slices: the browser optimises a function after it has run for a while, and the hottest
// loops of MNIST and of a small table model took several hundred milliseconds to get there.
const WARM_UP_MS = 500;
const WARM_UP_SLICE_MS = 25;
let engine;
let wasm;
let warmUp;
let interrupted = false;
// Imported, not `import`ed: the loader awaits its choice of build, and a worker whose module
// graph is still awaiting drops the messages posted to it meanwhile (no onmessage yet).
const ready = import('./js/wasm.js').then(async ({ default: bindings }) => {
  wasm = await bindings.default();
  engine = new bindings.Engine();
  warmUp = bindings.warm_up;
});

// A message-channel hop yields to the event loop without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(null); });

/// Streams file number `index` (a FileRequest: url, name) into the engine's memory as
/// `downloader` (download-worker.js) fetches it; the engine inflates gzip files as they come.
function stage(downloader, index, { url, name }) {
  return new Promise((resolve, reject) => {
    downloader.onmessage = ({ data }) => {
      try {
        if ('error' in data) reject(new Error(data.error));
        else if ('size' in data) engine.stage_file(index, name, data.size);
        else if (data.chunk) {
          engine.stage_bytes(index, data.chunk);
          downloader.postMessage({ buffer: data.chunk.buffer }, [data.chunk.buffer]);
        } else if (data.done) resolve();
      } catch (e) {
        reject(e);
      }
    };
    downloader.onerror = (e) => { e.preventDefault(); reject(new Error(`could not download ${url}: ${e.message}`)); };
    downloader.postMessage({ url: new URL(url, location.href).href });
  });
}

async function train(id) {
  engine.handle({ type: 'start_training' });
  for (;;) {
    const slice = engine.handle({ type: 'train_slice', budget_ms: SLICE_MS });
    postMessage({ event: 'progress', id, slice });
    if (slice.done) return slice;
    await yieldToEvents();
  }
}

async function run(message) {
  switch (message.op) {
    case 'handle': return engine.handle(message.request);
    case 'load': {
      if (message.files) {
        message.files.forEach((b, i) => {
          engine.stage_file(i, message.source.file ?? `file ${i + 1}`, b.byteLength);
          engine.stage_bytes(i, new Uint8Array(b));
        });
      } else {
        const wanted = engine.handle({ type: 'files', source: message.source });
        // One download at a time into the engine, in the order the engine asked for them.
        const downloader = new Worker(new URL('./download-worker.js', import.meta.url));
        try {
          for (const [i, file] of wanted.entries()) await stage(downloader, i, file);
        } finally {
          downloader.terminate();
        }
      }
      return engine.load(message.source);
    }
    case 'train': return train(message.id);
    // Once per worker; the page asks when it is ready and idle.
    case 'warm_up': {
      // Once per worker. Any other request stops it within a slice, so a Train pressed right
      // after the page opens waits at most that long.
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
    case 'save_model': return engine.save_model();
    // Bytes of wasm memory (it only grows, so this is the peak), for the benchmark.
    case 'memory': return wasm.memory.buffer.byteLength;
    case 'restore_weights': return engine.restore_weights(new Uint8Array(message.weights));
    case 'simulate_crash': setTimeout(() => { throw new Error('simulated worker crash'); }); return null;
    default: throw new Error(`unknown worker operation ${message.op}`);
  }
}

onmessage = async ({ data: message }) => {
  if (message.op !== 'warm_up') interrupted = true;
  try {
    await ready;
    postMessage({ id: message.id, result: await run(message) });
  } catch (e) {
    // A trap inside wasm leaves the engine unusable: tell the page to start a new worker.
    const crashed = e instanceof WebAssembly.RuntimeError;
    postMessage({ id: message.id, error: String(e?.message ?? e), crashed });
    if (crashed) close();
  }
};
