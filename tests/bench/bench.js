// The side-by-side benchmark: our engine in its Web Worker (as the page runs it) and
// TensorFlow.js's wasm backend on the main thread, same data, same browser.
import { EngineClient } from '/web/js/engine-client.js';
import { build } from '/web/js/wasm.js';

const tf = window.tf;
const out = document.getElementById('out');
const log = (s) => { out.textContent += `\n${s}`; };

// The workloads, shared with the native benchmark (crates/core/examples/bench_native.rs).
const WORKLOADS = await (await fetch('/tests/bench/workloads.json')).json();
const setupOf = (name) => (seed) => ({ ...WORKLOADS[name].setup, seed });
const MNIST_SETUP = setupOf('mnist-mlp');
const TABULAR_SETUP = setupOf('tabular-17-30-1');
const THORACIC = WORKLOADS['tabular-17-30-1'].source;

/// Our engine's runs, each followed by the native build's run of the same workload and seed
/// when `native` names the workload (window.nativeRun, from run.mjs): this machine's speed
/// drifts by tens of percent within seconds, and the two sides of a ratio should take turns.
async function ours(source, setup, runs, accuracyOf, workerBuild, native) {
  const client = new EngineClient({ onProgress: () => {}, onCrash: (e) => { throw e; }, build: workerBuild });
  await client.handle({ type: 'load', data: source });
  // As the page does once it is ready (see web/js/app.js).
  await client.warmUp();
  const seconds = [];
  const accuracies = [];
  const natives = [];
  for (let r = 0; r < runs; r++) {
    await client.handle({ type: 'reset' });
    const report = await client.handle({ type: 'set_spec', spec: setup(r + 1) });
    if (report.errors.length) throw new Error(JSON.stringify(report.errors));
    const t0 = performance.now();
    const history = await client.train();
    seconds.push((performance.now() - t0) / 1000);
    accuracies.push(await accuracyOf(client, history));
    if (native) natives.push(await window.nativeRun(native, r + 1));
  }
  const memory = await client.send({ op: 'memory' });
  client.worker.terminate();
  return { seconds, accuracies, memory_bytes: memory, natives };
}

async function gunzip(url) {
  const r = await fetch(url);
  return new Uint8Array(await new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

async function mnistTensors() {
  const [xi, yi, xt, yt] = await Promise.all(['train-images', 'train-labels', 'test-images', 'test-labels'].map((p) => gunzip(`/web/data/mnist-${p}.idx.gz`)));
  const images = (b) => tf.tensor2d(Float32Array.from(b.subarray(16), (v) => v / 255), [(b.length - 16) / 784, 784]);
  const labels = (b) => tf.tensor2d(Float32Array.from(b.subarray(8)), [b.length - 8, 1]);
  return { x: images(xi), y: labels(yi), xTest: images(xt), yTest: labels(yt) };
}

async function thoracicTensors() {
  const text = await (await fetch(THORACIC.url)).text();
  const rows = text.trim().split('\n').map((l) => l.split(',').map(Number));
  return { x: tf.tensor2d(rows.map((r) => r.slice(0, 17))), y: tf.tensor2d(rows.map((r) => [r[17]])) };
}

async function tfjs(data, build, epochs, batchSize, runs, accuracyOf) {
  const seconds = [];
  const accuracies = [];
  for (let r = 0; r < runs; r++) {
    const model = build();
    const t0 = performance.now();
    const h = await model.fit(data.x, data.y, { epochs, batchSize, shuffle: true, verbose: 0 });
    seconds.push((performance.now() - t0) / 1000);
    accuracies.push(await accuracyOf(model, h));
    model.dispose();
  }
  const backend = tf.backend();
  const heap = backend.wasm?.HEAPU8?.length ?? 0;
  return { seconds, accuracies, memory_bytes: heap + (performance.memory?.usedJSHeapSize ?? 0) };
}

function tfModel(layers, loss) {
  const m = tf.sequential();
  layers.forEach((l) => m.add(tf.layers.dense(l)));
  m.compile({ optimizer: tf.train.adam(0.001), loss, metrics: ['accuracy'] });
  return m;
}

/// One part of the benchmark: 'ours' (both wasm builds in their workers, the native build
/// taking turns with the first) or 'tfjs'.
window.runBench = async ({ quick, part }) => {
  const runs = quick ? 1 : 3;
  return part === 'ours' ? { results: await runOurs(runs, quick ? 1 : 7), build } : { results: await runTfjs(runs), tfjs: window.tfjsInfo };
};

/// `tableRuns`: the table model's runs take ~30 ms, so more of them steady its median.
async function runOurs(runs, tableRuns) {
  const results = [];
  // The build this browser gets (relaxed SIMD where it validates), then the plain SIMD128
  // build that browsers without relaxed SIMD get.
  const builds = build === 'simd128' ? ['simd128'] : [build, 'simd128'];
  for (const b of builds) {
    const engine = b === build ? 'noriteo-wasm' : `noriteo-wasm-${b}`;
    // The native build takes turns with the build this browser gets: theirs is the ratio.
    const native = (w) => (b === build ? w : null);
    log(`noriteo (${b}): MNIST`);
    results.push({ workload: 'mnist-mlp', engine, build: b, ...await ours(
      WORKLOADS['mnist-mlp'].source, MNIST_SETUP, runs,
      async (c) => (await c.handle({ type: 'evaluate' })).accuracy, b, native('mnist-mlp')) });
    log(`noriteo (${b}): tabular`);
    results.push({ workload: 'tabular-17-30-1', engine, build: b, ...await ours(
      THORACIC, TABULAR_SETUP, tableRuns, async (c, slice) => slice.history.history.accuracy.at(-1), b,
      native('tabular-17-30-1')) });
  }
  return results;
}

async function runTfjs(runs) {
  const results = [];
  tf.wasm.setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  await tf.setBackend('wasm');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  log(`tfjs ${tf.version.tfjs} backend ${tf.getBackend()} simd ${simd} threads ${threads}: MNIST`);
  window.tfjsInfo = { version: tf.version.tfjs, backend: tf.getBackend(), simd, threads };
  const mnist = await mnistTensors();
  results.push({ workload: 'mnist-mlp', engine: 'tfjs-wasm', ...await tfjs(mnist,
    () => tfModel([{ inputShape: [784], units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], 'sparseCategoricalCrossentropy'),
    1, 32, runs, async (m) => (await m.evaluate(mnist.xTest, mnist.yTest, { batchSize: 1000 })[1].data())[0]) });
  tf.dispose(Object.values(mnist));
  log('tfjs: tabular');
  const thoracic = await thoracicTensors();
  results.push({ workload: 'tabular-17-30-1', engine: 'tfjs-wasm', ...await tfjs(thoracic,
    () => tfModel([{ inputShape: [17], units: 30, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], 'binaryCrossentropy'),
    100, 10, runs, async (m, h) => h.history.acc?.at(-1) ?? h.history.accuracy?.at(-1)) });
  log('done');
  return results;
}
