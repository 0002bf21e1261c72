// The whole setup in a link: JSON, deflated, base64url, after `#s=`. Decoding checks only
// the envelope; the engine checks every setting and the page shows everything as text.
const MAX_JSON = 64 * 1024;

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

// A model's weights pass through here after every Train (MNIST's: 400 KB): a string built a
// byte at a time left 16 MB of garbage in the tab, so the browser's own base64 is used where
// it exists, and 32 KB pieces elsewhere.
function toBase64Url(bytes) {
  if (bytes.toBase64) return bytes.toBase64({ alphabet: 'base64url', omitPadding: true });
  const parts = [];
  for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  return btoa(parts.join('')).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text, { alphabet: 'base64url' });
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/// The state in a fragment, or an Error saying what is wrong with it.
export async function decodeState(fragment) {
  let json;
  try {
    const bytes = await pipe(fromBase64Url(fragment), new DecompressionStream('deflate-raw'));
    if (bytes.length > MAX_JSON) throw new Error('too long');
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`the link's setup cannot be read (${e.message}); the default lesson is loaded instead`);
  }
  if (!json || typeof json !== 'object' || json.v !== 1 || typeof json.setup !== 'object' || json.setup === null) {
    throw new Error('the link does not hold a playground setup; the default lesson is loaded instead');
  }
  if (json.lesson !== null && json.lesson !== undefined && typeof json.lesson !== 'string') throw new Error('the link names no valid lesson');
  return json;
}

/// The fragment part of the current address, if it holds a setup.
export function fragmentState() {
  const m = location.hash.match(/^#s=([A-Za-z0-9_-]+)$/);
  if (location.hash && location.hash !== '#' && !m) return { error: 'the link\'s setup is malformed; the default lesson is loaded instead' };
  return m ? { fragment: m[1] } : null;
}

// ---------- remembering across reloads ----------

const KEY = 'noriteo.last';
const MODELS = 'noriteo.models';

/// Remembers the setup and, where they fit, the trained weights. MNIST's weights are ~540 KB
/// as text and may not fit beside the saved models: the setup alone is remembered then. With
/// storage full or disabled nothing is remembered, and nothing on the page is lost.
export function remember(state, weights) {
  const put = (w) => {
    try {
      localStorage.setItem(KEY, JSON.stringify({ state, weights: w ? toBase64Url(w) : null }));
      return true;
    } catch { return false; }
  };
  if (!(weights && put(weights))) put(null);
}

export function recall() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (!v || v.state?.v !== 1) return null;
    return { state: v.state, weights: v.weights ? fromBase64Url(v.weights) : null };
  } catch { return null; }
}

export function savedModels() {
  try { return JSON.parse(localStorage.getItem(MODELS) ?? '{}'); } catch { return {}; }
}

/// Saves a model under `name`; throws when the browser's storage is full or disabled, with
/// the models saved before left as they were.
export function saveNamed(name, state, weights) {
  const all = savedModels();
  all[name] = { state, weights: weights ? toBase64Url(weights) : null, saved: new Date().toISOString() };
  localStorage.setItem(MODELS, JSON.stringify(all));
}

export function loadNamed(name) {
  const m = savedModels()[name];
  return m ? { state: m.state, weights: m.weights ? fromBase64Url(m.weights) : null } : null;
}

export function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
