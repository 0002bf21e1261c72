// Notebooks as nbformat 4 JSON, the format Jupyter and Colab open. Pure functions: no DOM,
// so that Node's test runner checks them (tests/unit/ipynb.test.mjs).

/// A source as Jupyter stores it: a list of lines, each but the last ending in "\n".
export function splitLines(text) {
  const lines = String(text).split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l, i, all) => !(i === all.length - 1 && l === ''));
}

const joinSource = (source) => (Array.isArray(source) ? source.join('') : typeof source === 'string' ? source : '');

/// A Jupyter output with its multi-line strings joined, as the page keeps them.
function readOutput(o) {
  if (!o || typeof o !== 'object') return null;
  switch (o.output_type) {
    case 'stream':
      return { output_type: 'stream', name: o.name === 'stderr' ? 'stderr' : 'stdout', text: joinSource(o.text) };
    case 'execute_result':
    case 'display_data': {
      const data = {};
      for (const [mime, value] of Object.entries(o.data ?? {})) {
        data[mime] = typeof value === 'string' || Array.isArray(value) ? joinSource(value) : value;
      }
      const out = { output_type: o.output_type, data, metadata: o.metadata ?? {} };
      if (o.output_type === 'execute_result') out.execution_count = o.execution_count ?? null;
      return out;
    }
    case 'error':
      return { ...o, output_type: 'error', ename: String(o.ename ?? 'Error'), evalue: String(o.evalue ?? ''), traceback: Array.isArray(o.traceback) ? o.traceback.map(String) : [] };
    default:
      return null;
  }
}

/// The cells of an .ipynb text: `{cells: [{type, source, outputs, executionCount}], metadata}`.
/// Throws an Error with `code` 'ipynb_not_json' or 'ipynb_no_cells' for a file that is not one.
export function parseIpynb(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw Object.assign(new Error('not JSON'), { code: 'ipynb_not_json' });
  }
  if (!json || typeof json !== 'object' || !Array.isArray(json.cells)) {
    throw Object.assign(new Error('no cells'), { code: 'ipynb_no_cells' });
  }
  const cells = [];
  for (const c of json.cells) {
    if (!c || typeof c !== 'object') continue;
    const type = c.cell_type === 'markdown' || c.cell_type === 'raw' ? 'markdown' : c.cell_type === 'code' ? 'code' : null;
    if (!type) continue;
    const cell = { type, source: joinSource(c.source) };
    if (type === 'code') {
      cell.outputs = (Array.isArray(c.outputs) ? c.outputs : []).map(readOutput).filter(Boolean);
      cell.executionCount = Number.isInteger(c.execution_count) ? c.execution_count : null;
    }
    cells.push(cell);
  }
  return { cells, metadata: json.metadata && typeof json.metadata === 'object' ? json.metadata : {} };
}

/// A Jupyter output written back: strings split into lines, as nbformat's own writer does.
function writeOutput(o) {
  switch (o.output_type) {
    case 'stream':
      return { output_type: 'stream', name: o.name ?? 'stdout', text: splitLines(o.text ?? '') };
    case 'execute_result':
    case 'display_data': {
      const data = {};
      for (const [mime, value] of Object.entries(o.data ?? {})) {
        // JSON mime types stay objects; text types become line lists.
        data[mime] = typeof value === 'string' && !mime.endsWith('json') && mime !== 'image/png' ? splitLines(value) : value;
      }
      const out = { output_type: o.output_type, data, metadata: o.metadata ?? {} };
      if (o.output_type === 'execute_result') out.execution_count = o.execution_count ?? null;
      return out;
    }
    case 'error': {
      const { output_type, ename, evalue, traceback, ...rest } = o;
      return { output_type, ename: String(ename ?? 'Error'), evalue: String(evalue ?? ''), traceback: (traceback ?? []).map(String), ...rest };
    }
    default:
      return null;
  }
}

/// An nbformat 4.5 notebook (JSON text) from `[{type, source, outputs?, executionCount?}]`.
export function serializeIpynb(cells, { title = 'Noriteo', language = 'ko' } = {}) {
  const nb = {
    cells: cells.map((c, i) => {
      const id = `cell-${i}`;
      if (c.type === 'markdown') return { cell_type: 'markdown', id, metadata: {}, source: splitLines(c.source) };
      return {
        cell_type: 'code',
        execution_count: Number.isInteger(c.executionCount) ? c.executionCount : null,
        id,
        metadata: {},
        outputs: (c.outputs ?? []).map(writeOutput).filter(Boolean),
        source: splitLines(c.source),
      };
    }),
    metadata: {
      colab: { name: title },
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
      noriteo: { language },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}
