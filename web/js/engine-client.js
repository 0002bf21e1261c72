// The page's side of the worker protocol: numbered requests with promised answers, progress
// events, and a new worker (with the user's data and setup sent again) after a crash.
import { build } from './wasm.js';

export class EngineClient {
  /// `build` picks the worker's engine build ('relaxed-simd' or 'simd128'); the benchmark
  /// runs both, the page uses its own.
  constructor({ onProgress, onCrash, build: workerBuild = build }) {
    this.build = workerBuild;
    this.onProgress = onProgress;
    this.onCrash = onCrash;
    this.next = 1;
    this.pending = new Map();
    this.start();
  }

  start() {
    this.worker = new Worker(new URL(`../worker.js?wasm=${this.build}`, import.meta.url), { type: 'module' });
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (e) => { e.preventDefault(); this.crash(e.message || 'the worker stopped'); };
    this.worker.onmessageerror = () => this.crash('a message could not be read');
  }

  receive(data) {
    if (data.event === 'progress') { this.onProgress(data.slice); return; }
    const waiter = this.pending.get(data.id);
    if (!waiter) return;
    this.pending.delete(data.id);
    if ('error' in data) waiter.reject(new Error(data.error)); else waiter.resolve(data.result);
    if (data.crashed) this.crash(data.error);
  }

  crash(message) {
    this.worker.terminate();
    for (const w of this.pending.values()) w.reject(new Error(message));
    this.pending.clear();
    this.start();
    this.onCrash(message);
  }

  send(message, transfer = []) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  handle(request) { return this.send({ op: 'handle', request }); }
  load(source, files) { return this.send({ op: 'load', source, files }); }
  train() { return this.send({ op: 'train' }); }
  /// Lets the browser optimise the training code before the first Train (once per worker).
  warmUp() { return this.send({ op: 'warm_up' }); }
  saveModel() { return this.send({ op: 'save_model' }); }
  restoreWeights(weights) { return this.send({ op: 'restore_weights', weights }); }
  simulateCrash() { return this.send({ op: 'simulate_crash' }); }
}
