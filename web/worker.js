// The training worker: a thin loop around the wasm Engine. Requests are forwarded to
// `engine.handle` unchanged (serde checks them in Rust); training runs in ~40 ms slices with
// a yield between them, so a Stop message is read within one slice.

const SLICE_MS = 40;
// Run once, after the first data set is loaded (see crates/wasm/src/warm_up.rs).
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

async function fetchBytes({ url, gzip }) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`could not fetch ${url}: ${e.message} (offline, blocked by CORS, or a wrong address)`);
  }
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  const body = gzip ? response.body.pipeThrough(new DecompressionStream('gzip')) : response.body;
  return new Uint8Array(await new Response(body).arrayBuffer());
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
      const files = message.files
        ? message.files.map((b) => new Uint8Array(b))
        : await Promise.all(engine.handle({ type: 'files', source: message.source }).map(fetchBytes));
      const info = engine.load(message.source, files);
      if (warmUp) { setTimeout(warmUp); warmUp = null; }
      return info;
    }
    case 'train': return train(message.id);
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
