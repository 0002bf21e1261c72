// The whole setup in a link: JSON, deflated, base64url, after `#s=`. Decoding checks only
// the envelope; the engine checks every setting and the page shows everything as text.
import { t } from './i18n.js';

const MAX_JSON = 64 * 1024;
// Deflate never grows data by more than 5 bytes a 64 KB block, so a longer link cannot
// hold a setup of MAX_JSON bytes.
const MAX_DEFLATED = MAX_JSON + 1024;
// Input is fed to the inflater this much at a time: deflate unpacks at most ~1000 times, so
// a piece makes at most ~4 MB before the output is counted and the inflating can stop.
const PIECE = 4096;

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

/// Thrown when inflating would pass its limit.
export class TooBig extends Error {}

/// Inflates deflate-raw `bytes`, reading the output chunk by chunk and stopping (and
/// cancelling the stream) as soon as it passes `limit` bytes: 2 MB of deflated spaces
/// unpack to 2 GB, which inflating first and checking after took the tab to 4 GB and froze it.
export async function inflateLimited(bytes, limit, format = 'deflate-raw') {
  let at = 0;
  const input = new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else {
        controller.enqueue(bytes.slice(at, at + PIECE));
        at += PIECE;
      }
    },
  }, { highWaterMark: 0 });
  const reader = input.pipeThrough(new DecompressionStream(format)).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new TooBig(`more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
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

/// The state in a fragment, or an Error saying (in the page's language) what is wrong with it.
export async function decodeState(fragment) {
  // Base64 holds 3 bytes in 4 characters: a longer fragment is refused before decoding it.
  if (fragment.length > Math.ceil(MAX_DEFLATED / 3) * 4) throw new Error(t('linkTooBig'));
  let json;
  try {
    const bytes = fromBase64Url(fragment);
    if (bytes.length > MAX_DEFLATED) throw new TooBig('too long');
    json = JSON.parse(new TextDecoder().decode(await inflateLimited(bytes, MAX_JSON)));
  } catch (e) {
    throw new Error(t(e instanceof TooBig ? 'linkTooBig' : 'linkBroken'));
  }
  if (!json || typeof json !== 'object' || json.v !== 1 || typeof json.setup !== 'object' || json.setup === null) {
    throw new Error(t('linkNoSetup'));
  }
  if (json.lesson !== null && json.lesson !== undefined && typeof json.lesson !== 'string') throw new Error(t('linkNoLesson'));
  return json;
}

/// Notebook cells in a link (`notebook.html#nb=…`): `{v: 1, cells: [{type, source}]}`,
/// deflated as a setup is. A notebook may be longer than a setup: 256 KB unpacked.
const MAX_CELLS_JSON = 256 * 1024;

export const encodeCells = (cells) => encodeState({ v: 1, cells: cells.map(({ type, source }) => ({ type, source })) });

/// The cells in a `#nb=` fragment; throws an Error whose `code` is 'link_too_big',
/// 'link_broken' or 'link_no_cells'.
export async function decodeCells(fragment) {
  const fail = (code) => Object.assign(new Error(code), { code });
  if (fragment.length > Math.ceil((MAX_CELLS_JSON + 1024) / 3) * 4) throw fail('link_too_big');
  let json;
  try {
    const bytes = fromBase64Url(fragment);
    json = JSON.parse(new TextDecoder().decode(await inflateLimited(bytes, MAX_CELLS_JSON)));
  } catch (e) {
    throw fail(e instanceof TooBig ? 'link_too_big' : 'link_broken');
  }
  if (!json || json.v !== 1 || !Array.isArray(json.cells)) throw fail('link_no_cells');
  return json.cells
    .filter((c) => c && typeof c.source === 'string')
    .map((c) => ({ type: c.type === 'markdown' ? 'markdown' : 'code', source: c.source }));
}

/// The fragment part of the current address, if it holds a setup.
export function fragmentState() {
  const m = location.hash.match(/^#s=([A-Za-z0-9_-]+)$/);
  if (location.hash && location.hash !== '#' && !m) return { error: t('linkMalformed') };
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

/// The saved models by name, in an object without a prototype: a model may be named
/// `__proto__` or `constructor` like any other.
export function savedModels() {
  const all = Object.create(null);
  try {
    const stored = JSON.parse(localStorage.getItem(MODELS) ?? '{}');
    if (stored && typeof stored === 'object') for (const [k, v] of Object.entries(stored)) all[k] = v;
  } catch { /* unreadable storage: no saved models */ }
  return all;
}

/// Saves a model under `name`; throws when the browser's storage is full or disabled, with
/// the models saved before left as they were.
export function saveNamed(name, state, weights) {
  const all = savedModels();
  all[name] = { state, weights: weights ? toBase64Url(weights) : null, saved: new Date().toISOString() };
  localStorage.setItem(MODELS, JSON.stringify(all));
}

export function loadNamed(name) {
  const all = savedModels();
  const m = Object.hasOwn(all, name) ? all[name] : null;
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
