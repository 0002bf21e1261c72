// Downloads files for the training worker (worker.js), one at a time, handing each chunk
// over and getting its buffer back for the next read, so no chunks pile up as garbage. It is
// a worker of its own because Chromium keeps a copy of every fetched body until the fetching
// context collects its garbage (12 MB for MNIST's training images, for as long as training
// runs); ending this worker once the files are in frees it at once.

const CHUNK_BYTES = 1 << 20;
let buffer = new ArrayBuffer(CHUNK_BYTES);
let returned = () => {};

async function download(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`could not fetch ${url}: ${e.message} (offline, blocked by CORS, or a wrong address)`);
  }
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  postMessage({ size: Number(response.headers.get('content-length')) || 0 });
  let reader;
  try {
    reader = response.body.getReader({ mode: 'byob' });
  } catch {
    reader = null; // a browser without byte streams for fetch: its own chunks, sent as they come
  }
  const plain = reader ? null : response.body.getReader();
  for (;;) {
    const { done, value } = reader ? await reader.read(new Uint8Array(buffer)) : await plain.read();
    if (done) {
      if (value) buffer = value.buffer;
      return;
    }
    const back = new Promise((resolve) => { returned = resolve; });
    postMessage({ chunk: value }, [value.buffer]);
    await back;
  }
}

onmessage = async ({ data }) => {
  if (data.buffer) {
    if (data.buffer.byteLength === CHUNK_BYTES) buffer = data.buffer;
    returned();
    return;
  }
  try {
    await download(data.url);
    postMessage({ done: true });
  } catch (e) {
    postMessage({ error: String(e?.message ?? e) });
  }
};
