// The notebook's .ipynb reading and writing (web/src/notebook/ipynb.js), without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIpynb, serializeIpynb, splitLines } from '../../web/src/notebook/ipynb.js';

test('sources split into lines as nbformat stores them', () => {
  assert.deepEqual(splitLines('a\nb'), ['a\n', 'b']);
  assert.deepEqual(splitLines('a\nb\n'), ['a\n', 'b\n']);
  assert.deepEqual(splitLines(''), []);
  assert.deepEqual(splitLines('한 줄'), ['한 줄']);
});

test('cells, outputs and counts survive a write and a read', () => {
  const cells = [
    { type: 'markdown', source: '# 제목\n\n본문' },
    {
      type: 'code', source: 'print(1)\n1 + 1', executionCount: 3,
      outputs: [
        { output_type: 'stream', name: 'stdout', text: '1\n' },
        { output_type: 'execute_result', execution_count: 3, data: { 'text/plain': '2' }, metadata: {} },
        { output_type: 'display_data', data: { 'text/plain': '<Figure>', 'application/vnd.noriteo.figure+json': { kind: 'line', xs: [1, 2] } }, metadata: {} },
        { output_type: 'error', ename: 'NameError', evalue: "name 'z' is not defined", traceback: ['NameError'], line: 2, message_ko: '정의되지 않았습니다' },
      ],
    },
    { type: 'code', source: '', executionCount: null, outputs: [] },
  ];
  const text = serializeIpynb(cells, { title: '레슨' });
  const nb = JSON.parse(text);
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.nbformat_minor, 5);
  assert.equal(nb.metadata.kernelspec.name, 'python3');
  assert.deepEqual(nb.cells.map((c) => c.id), ['cell-0', 'cell-1', 'cell-2']);
  assert.deepEqual(nb.cells[1].source, ['print(1)\n', '1 + 1']);
  assert.deepEqual(nb.cells[1].outputs[0].text, ['1\n']);
  assert.deepEqual(nb.cells[1].outputs[2].data['application/vnd.noriteo.figure+json'], { kind: 'line', xs: [1, 2] }, 'JSON data stays an object');
  assert.equal(nb.cells[0].outputs, undefined, 'a Markdown cell has no outputs');
  const back = parseIpynb(text);
  assert.deepEqual(back.cells[0], { type: 'markdown', source: '# 제목\n\n본문' });
  assert.equal(back.cells[1].source, 'print(1)\n1 + 1');
  assert.equal(back.cells[1].executionCount, 3);
  assert.deepEqual(back.cells[1].outputs[0], { output_type: 'stream', name: 'stdout', text: '1\n' });
  assert.equal(back.cells[1].outputs[1].data['text/plain'], '2');
  assert.equal(back.cells[1].outputs[3].ename, 'NameError');
  assert.equal(back.cells[1].outputs[3].line, 2);
  assert.deepEqual(back.cells[2], { type: 'code', source: '', outputs: [], executionCount: null });
});

test("Colab's files read: string or list sources, unknown outputs and cells skipped", () => {
  const colab = JSON.stringify({
    nbformat: 4, nbformat_minor: 0, metadata: { colab: { provenance: [] } },
    cells: [
      { cell_type: 'code', source: 'import numpy as np', metadata: { id: 'x' }, execution_count: null, outputs: [{ output_type: 'weird' }] },
      { cell_type: 'raw', source: ['raw text'] },
      { cell_type: 'unknown', source: 'gone' },
      null,
    ],
  });
  const { cells } = parseIpynb(colab);
  assert.deepEqual(cells, [
    { type: 'code', source: 'import numpy as np', outputs: [], executionCount: null },
    { type: 'markdown', source: 'raw text' },
  ]);
});

test('a file that is not a notebook is refused with a code', () => {
  assert.throws(() => parseIpynb('not json'), { code: 'ipynb_not_json' });
  assert.throws(() => parseIpynb('{"cells": 3}'), { code: 'ipynb_no_cells' });
  assert.throws(() => parseIpynb('null'), { code: 'ipynb_no_cells' });
});
