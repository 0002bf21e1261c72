// The page's side of the worker protocol: numbered requests with promised answers, progress
// events, and a new worker after a crash or when the worker stops answering while it trains.
// Refusals come back as catalogued messages `{code, params}`; they reject with an
// EngineError whose text is in the page's language at the time it is read.
import { build } from './wasm.js';

/// How long a training worker may be silent (it posts a slice every ~40 ms) before the page
/// takes it for dead and starts another.
const SILENCE_MS = 3000;

export class EngineError extends Error {
  constructor(message, describe) {
    super(describe(message));
    this.code = message.code;
    this.params = message.params ?? {};
    this.engineMessage = message;
  }
}

export class EngineClient {
  /// `build` picks the worker's engine build ('relaxed-simd' or 'simd128'); the benchmark
  /// runs both, the page uses its own. `describe` turns a `{code, params}` message into text.
  constructor({ onProgress, onCrash, describe = (m) => m.code, build: workerBuild = build }) {
    this.build = workerBuild;
    this.onProgress = onProgress;
    this.onCrash = onCrash;
    this.describe = describe;
    this.next = 1;
    this.pending = new Map();
    this.training = 0;
    this.heard = 0;
    this.watch = null;
    this.start();
  }

  start() {
    this.worker = new Worker(new URL(`../worker.js?wasm=${this.build}`, import.meta.url), { type: 'module' });
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (e) => { e.preventDefault(); this.crash({ code: 'worker_crashed', params: { reason: e.message || 'error' } }); };
    this.worker.onmessageerror = () => this.crash({ code: 'worker_crashed', params: { reason: 'messageerror' } });
  }

  receive(data) {
    this.heard = performance.now();
    if (data.event === 'progress') { this.onProgress(data.slice); return; }
    const waiter = this.pending.get(data.id);
    if (!waiter) return;
    this.pending.delete(data.id);
    if ('error' in data) waiter.reject(new EngineError(data.error, this.describe)); else waiter.resolve(data.result);
    if (data.crashed) this.crash(data.error);
  }

  crash(message) {
    this.worker.terminate();
    this.stopWatching();
    const error = new EngineError(message, this.describe);
    for (const w of this.pending.values()) w.reject(error);
    this.pending.clear();
    this.start();
    this.onCrash(error);
  }

  /// While training, a worker that posts nothing for SILENCE_MS has died without an error
  /// event (a hung loop, a killed thread): the page starts a new one.
  watchTraining() {
    this.heard = performance.now();
    this.watch = setInterval(() => {
      if (performance.now() - this.heard > SILENCE_MS) this.crash({ code: 'worker_silent', params: {} });
    }, 250);
  }

  stopWatching() { clearInterval(this.watch); this.watch = null; }

  send(message, transfer = []) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  /// One engine request (`{type: ...}`); `bytes` go with an upload's `load`.
  handle(request, bytes) { return this.send({ request, bytes }); }

  /// `epochs` (1 for the page's one-epoch step) trains that many instead of the setup's.
  async train(epochs = null) {
    this.watchTraining();
    try { return await this.send({ op: 'train', epochs }); } finally { this.stopWatching(); }
  }

  /// Lets the browser optimise the training code before the first Train (once per worker).
  warmUp() { return this.send({ op: 'warm_up' }); }
  saveModel() { return this.send({ op: 'save_model' }); }
  restoreWeights(weights) { return this.send({ op: 'restore_weights', weights }); }
}
