// Outputs under a cell, as Jupyter shows them. Everything from a cell is text: printed text
// and values go into <pre> as text nodes; a DataFrame's HTML table is rebuilt element by
// element from an allow-list, so nothing else in it (scripts, attributes, styles) survives.
export const FIGURE_MIME = 'application/vnd.noriteo.figure+json';

const TABLE_TAGS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption']);
const DROPPED = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'link', 'meta', 'img', 'video', 'audio', 'form', 'input', 'textarea', 'button', 'select']);

/// A table rebuilt from `html`: table elements with their `class` (and th/td spans), text as
/// text; other wrappers (pandas' <div>, <style>) are unwrapped or dropped.
export function safeTable(html) {
  const source = new DOMParser().parseFromString(String(html), 'text/html').body;
  const out = document.createDocumentFragment();
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) to.append(document.createTextNode(node.data));
      else if (node.nodeType === Node.ELEMENT_NODE) {
        const tag = node.localName;
        if (DROPPED.has(tag)) continue;
        if (TABLE_TAGS.has(tag)) {
          const el = document.createElement(tag);
          const cls = node.getAttribute('class');
          if (cls) el.className = cls;
          for (const a of ['colspan', 'rowspan']) {
            const v = Number.parseInt(node.getAttribute(a) ?? '', 10);
            if (v > 1 && v < 1000) el.setAttribute(a, String(v));
          }
          copy(node, el);
          to.append(el);
        } else copy(node, to);
      }
    }
  };
  copy(source, out);
  return out;
}

/// Jupyter's handling of "\r" in printed text: a line shows what follows its last "\r".
export const carriageReturns = (text) => text.replace(/\r\n/g, '\n').replace(/^.*\r(?!$)/gm, '').replace(/\r$/gm, '');

/// Consecutive prints into one stream merge into one block, as Jupyter shows them.
export function mergeStreams(outputs) {
  const merged = [];
  for (const o of outputs) {
    const prev = merged[merged.length - 1];
    if (o.output_type === 'stream' && prev?.output_type === 'stream' && prev.name === o.name) prev.text += o.text;
    else merged.push(o.output_type === 'stream' ? { ...o } : o);
  }
  return merged;
}

const pre = (text, cls) => Object.assign(document.createElement('pre'), { className: cls, textContent: text });

/// The element for one Jupyter output. `ctx`: `{lang, t, drawFigure, width}`.
export function renderOutput(o, ctx) {
  const box = document.createElement('div');
  box.className = `output ${o.output_type}`;
  switch (o.output_type) {
    case 'stream':
      box.append(Object.assign(pre(carriageReturns(o.text ?? ''), o.name === 'stderr' ? 'stderr' : 'stdout'), { raw: o.text ?? '' }));
      break;
    case 'execute_result':
    case 'display_data': {
      const data = o.data ?? {};
      if (data[FIGURE_MIME] && ctx.drawFigure) {
        const canvas = document.createElement('canvas');
        canvas.className = 'figure';
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', String(data['text/plain'] ?? 'figure'));
        canvas.figureSpec = data[FIGURE_MIME];
        box.append(canvas);
        drawInto(canvas, ctx);
      } else if (data['text/html'] && !data[FIGURE_MIME]) {
        const wrap = document.createElement('div');
        wrap.className = 'html-table';
        wrap.append(safeTable(data['text/html']));
        box.append(wrap);
      } else if (data['image/png'] && typeof data['image/png'] === 'string' && /^[A-Za-z0-9+/=\s]+$/.test(data['image/png'])) {
        // A figure from a notebook saved elsewhere (Colab, or our own download).
        const img = document.createElement('img');
        img.className = 'figure';
        img.alt = String(data['text/plain'] ?? 'figure');
        img.src = `data:image/png;base64,${data['image/png'].replace(/\s/g, '')}`;
        box.append(img);
      } else box.append(pre(String(data['text/plain'] ?? ''), 'value'));
      if (o.output_type === 'execute_result' && Number.isInteger(o.execution_count)) box.dataset.prompt = `Out[${o.execution_count}]:`;
      break;
    }
    case 'error':
      box.append(renderError(o, ctx));
      break;
    default:
      break;
  }
  return box;
}

/// The CSS width a figure is shown at: its own size (matplotlib's inches at 100 dpi, as
/// Jupyter shows it), narrowed to the cell's width (a phone).
export function figureWidth(spec, cellWidth) {
  const natural = Number(spec?.size?.[0]) * 100;
  const room = Math.max(200, Math.floor(cellWidth));
  return Number.isFinite(natural) && natural >= 100 ? Math.min(room, Math.round(natural)) : room;
}

/// Draws a figure canvas at the width its cell has now (in device pixels, so that it is
/// sharp on a phone's screen); called again when the cell resizes.
export function drawInto(canvas, ctx) {
  const width = figureWidth(canvas.figureSpec, ctx.width());
  const dpr = Math.min(3, Math.max(1, globalThis.devicePixelRatio || 1));
  try {
    ctx.drawFigure(canvas, canvas.figureSpec, Math.round(width * dpr));
    canvas.style.width = `${width}px`;
  } catch (e) {
    canvas.replaceWith(pre(`${ctx.t('figureFailed')}: ${e?.message ?? e}`, 'stderr'));
  }
}

function renderError(o, { lang, t }) {
  const box = document.createDocumentFragment();
  const head = document.createElement('p');
  head.className = 'ename';
  const name = document.createElement('strong');
  name.textContent = o.ename ?? 'Error';
  head.append(name);
  const msg = (lang === 'ko' ? o.message_ko : o.message_en) ?? o.message_en ?? o.message_ko ?? o.evalue ?? '';
  if (msg) head.append(`: ${msg}`);
  box.append(head);
  if (Number.isInteger(o.line)) {
    const where = document.createElement('p');
    where.className = 'where';
    where.textContent = t('errorLine').replace('{line}', String(o.line));
    box.append(where);
  }
  // Calls that led to the error (a function defined in another cell), in the page's language.
  const trace = lang === 'ko' ? o.traceback_ko : o.traceback_en;
  if (typeof trace === 'string' && trace.includes('\n')) box.append(pre(trace, 'traceback'));
  // A traceback from a notebook saved elsewhere: text, with its ANSI colour codes removed.
  if (!o.message_ko && !o.message_en && Array.isArray(o.traceback) && o.traceback.length) {
    box.append(pre(o.traceback.join('\n').replace(/\x1b\[[0-9;]*m/g, ''), 'traceback'));
  }
  return box;
}

/// An output as `window.notebook.outputs(i)` describes it.
export function describeOutput(o) {
  switch (o.output_type) {
    case 'stream': return { type: 'text', name: o.name, text: carriageReturns(o.text ?? '') };
    case 'execute_result':
    case 'display_data': {
      const data = o.data ?? {};
      if (data[FIGURE_MIME]) return { type: 'figure', spec: data[FIGURE_MIME], text: data['text/plain'] ?? '' };
      if (data['text/html']) return { type: 'html', html: data['text/html'], text: data['text/plain'] ?? '' };
      return { type: 'value', text: String(data['text/plain'] ?? '') };
    }
    case 'error':
      return { type: 'error', ename: o.ename, line: o.line ?? null, column: o.column ?? null, message_ko: o.message_ko ?? o.evalue ?? '', message_en: o.message_en ?? o.evalue ?? '' };
    default: return { type: 'unknown' };
  }
}

/// An error as nbformat stores it, with the page's fields kept beside Jupyter's.
export function errorForIpynb(o) {
  const evalue = o.message_en ?? o.message_ko ?? o.evalue ?? '';
  const traceback = Array.isArray(o.traceback) && o.traceback.length ? o.traceback
    : typeof o.traceback_en === 'string' ? [...o.traceback_en.split('\n'), `${o.ename}: ${evalue}`]
      : [`${o.ename}: ${evalue}`, ...(Number.isInteger(o.line) ? [`  line ${o.line}`] : [])];
  return { ...o, evalue, traceback };
}
