// Downloads files for the training worker (worker.js), one at a time, handing each chunk
// over and getting its buffer back for the next read, so no chunks pile up as garbage. It is
// a worker of its own because Chromium keeps a copy of every fetched body until the fetching
// context collects its garbage (12 MB for MNIST's training images, for as long as training
// runs); ending this worker once the files are in frees it at once.
//
// Messages in:
//   {url, limit?}   download `url`; `limit` (bytes, optional) refuses a larger body: before
//                   reading it when Content-Length says so, otherwise as soon as the bytes
//                   streamed pass it. The page's CSV limit is wasm `max_csv_bytes()`.
//   {buffer}        a chunk's buffer handed back after {chunk}, reused for the next read.
//   {cancel: true}  abort the download under way (its fetch and body); nothing more is posted
//                   for it, and the next {url} starts afresh.
// Messages out, for each {url}:
//   {size}          the announced length (Content-Length), 0 when the server sends none;
//   {chunk}         a Uint8Array whose buffer is transferred; send it back as {buffer};
//   {done: true}    every byte was sent;
//   {error, code, params}
//                   what went wrong, and then nothing more for this url. `error` is the
//                   English text; `code` is a code of the engine's message catalogue
//                   (crates/core/src/messages.rs), which words it in the page's language:
//                     download_too_big           {url, size_mb, limit_mb}  from Content-Length,
//                                                                          before the body is read
//                     download_too_big_streamed  {url, size_mb, limit_mb}  the bytes streamed
//                                                                          passed the limit
//                     download_fetch_failed      {url, reason}  offline, CORS or a bad address
//                     download_http_status       {url, status, status_text}
//                     download_failed            {url, reason}  anything else

const CHUNK_BYTES = 1 << 20;
let buffer = new ArrayBuffer(CHUNK_BYTES);
let returned = () => {};
let controller = null;

/// An error the page can show in Korean or English: a code with its parameters.
class DownloadError extends Error {
  constructor(code, params, message) {
    super(message);
    this.code = code;
    this.params = params;
  }
}

const megabytes = (bytes) => Math.round(bytes / 1e5) / 10;

/// `bytes` is Content-Length's size, or with `atLeast` what was read when the limit passed.
function tooBig(url, bytes, limit, atLeast = false) {
  const [size_mb, limit_mb] = [megabytes(bytes), megabytes(limit)];
  const more = atLeast ? 'more than ' : '';
  return new DownloadError(atLeast ? 'download_too_big_streamed' : 'download_too_big', { url, size_mb, limit_mb },
    `${url} is ${more}${size_mb} MB, too big: the playground reads files up to ${limit_mb} MB`);
}

async function download(url, limit, signal) {
  // A read cut short by a cancel, or a chunk never handed back, left no buffer to read into.
  if (buffer.byteLength === 0) buffer = new ArrayBuffer(CHUNK_BYTES);
  let response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new DownloadError('download_fetch_failed', { url, reason: e.message },
      `could not fetch ${url}: ${e.message} (offline, blocked by CORS, or a wrong address)`);
  }
  if (!response.ok) {
    throw new DownloadError('download_http_status', { url, status: response.status, status_text: response.statusText },
      `could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  const size = Number(response.headers.get('content-length')) || 0;
  // Refused before a byte of the body is read; cancelling frees the connection.
  if (limit && size > limit) {
    response.body?.cancel().catch(() => {});
    throw tooBig(url, size, limit);
  }
  postMessage({ size });
  let reader;
  try {
    reader = response.body.getReader({ mode: 'byob' });
  } catch {
    reader = null; // a browser without byte streams for fetch: its own chunks, sent as they come
  }
  const plain = reader ? null : response.body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = reader ? await reader.read(new Uint8Array(buffer)) : await plain.read();
    if (done) {
      if (value) buffer = value.buffer;
      return;
    }
    total += value.byteLength;
    // No Content-Length, or a wrong one: stop as soon as the bytes pass the limit.
    if (limit && total > limit) {
      if (reader) buffer = value.buffer;
      (reader ?? plain).cancel().catch(() => {});
      throw tooBig(url, total, limit, true);
    }
    const back = new Promise((resolve) => { returned = resolve; });
    postMessage({ chunk: value }, [value.buffer]);
    await back;
    if (signal.aborted) throw signal.reason;
  }
}

onmessage = async ({ data }) => {
  if (data.buffer) {
    if (data.buffer.byteLength === CHUNK_BYTES) buffer = data.buffer;
    returned();
    return;
  }
  if (data.cancel) {
    controller?.abort();
    returned(); // a read waiting for its buffer back ends now
    return;
  }
  const mine = new AbortController();
  controller = mine;
  const limit = Number(data.limit) > 0 ? Number(data.limit) : 0;
  try {
    await download(data.url, limit, mine.signal);
    if (!mine.signal.aborted) postMessage({ done: true });
  } catch (e) {
    if (mine.signal.aborted) return; // cancelled: the sender asked for nothing more
    const text = String(e?.message ?? e);
    postMessage(e instanceof DownloadError
      ? { error: text, code: e.code, params: e.params }
      : { error: text, code: 'download_failed', params: { url: data.url, reason: text } });
  } finally {
    if (controller === mine) controller = null;
  }
};
