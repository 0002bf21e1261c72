// The training worker: a thin loop around the wasm Engine. Requests are forwarded to
// `engine.handle` unchanged (serde checks them in Rust); training runs in ~40 ms slices with
// a yield between them, so a Stop message is read within one slice.

const SLICE_MS = 40;
// How long the page's warm-up trains throwaway models (see crates/wasm/src/warm_up.rs).
const WARM_UP_MS = 60;
let engine;
let wasm;
let warmUp;
// Imported, not `import`ed: the loader awaits its choice of build, and a worker whose module
// graph is still awaiting drops the messages posted to it meanwhile (no onmessage yet).
const ready = import('./js/wasm.js').then(async ({ default: bindings }) => {
  wasm = await bindings.default();
  engine = new bindings.Engine();
  warmUp = () => bindings.warm_up(WARM_UP_MS);
});

// A message-channel hop yields to the event loop without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(null); });

/// Streams file number `index` into the engine's memory as it downloads (the engine inflates
/// gzip files itself), so that no copy of the data stays behind in JavaScript.
async function stage(index, url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`could not fetch ${url}: ${e.message} (offline, blocked by CORS, or a wrong address)`);
  }
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  engine.stage_file(index, Number(response.headers.get('content-length')) || 0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    engine.stage_bytes(index, value);
  }
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
        message.files.forEach((b, i) => { engine.stage_file(i, b.byteLength); engine.stage_bytes(i, new Uint8Array(b)); });
      } else {
        const wanted = engine.handle({ type: 'files', source: message.source });
        // One download at a time into the engine, in the order the engine asked for them.
        for (const [i, { url }] of wanted.entries()) await stage(i, url);
      }
      return engine.load(message.source);
    }
    case 'train': return train(message.id);
    // Once per worker; the page asks when it is ready and idle.
    case 'warm_up': if (warmUp) { warmUp(); warmUp = null; } return null;
    case 'save_model': return engine.save_model();
    // Bytes of wasm memory (it only grows, so this is the peak), for the benchmark.
    case 'memory': return wasm.memory.buffer.byteLength;
    case 'restore_weights': return engine.restore_weights(new Uint8Array(message.weights));
    case 'simulate_crash': setTimeout(() => { throw new Error('simulated worker crash'); }); return null;
    default: throw new Error(`unknown worker operation ${message.op}`);
  }
}

onmessage = async ({ data: message }) => {
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
