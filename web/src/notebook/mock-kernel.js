// A stand-in kernel for working on the page without the interpreter's build
// (`notebook.html?kernel=mock`): a few fixed behaviours shaped like the real kernel's outputs.
// The page never picks it by itself.
export class NotebookKernel {
  constructor({ lang }) {
    this.lang = lang;
    this.count = 0;
    this.files = new Map();
    this.stopped = false;
    this.ready = Promise.resolve();
  }

  async run(source, { onOutput = () => {}, onProgress = () => {} } = {}) {
    this.count += 1;
    this.stopped = false;
    const outputs = [];
    const emit = (o) => { outputs.push(o); onOutput(o); };
    let depth = 0;
    for (const ch of source) depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
    if (depth !== 0) {
      const line = source.split('\n').findIndex((l) => /[([{]/.test(l)) + 1;
      emit({ output_type: 'error', ename: 'SyntaxError', line, column: 1, end_line: line, end_column: 2, message_ko: "'(' 괄호가 닫히지 않았습니다", message_en: "'(' was never closed" });
      return { outputs, executionCount: this.count };
    }
    for (const [i, text] of source.split('\n').entries()) {
      const p = text.match(/^print\((.*)\)$/);
      if (p) emit({ output_type: 'stream', name: 'stdout', text: `${p[1].replace(/^['"]|['"]$/g, '')}\n` });
      else if (/^undefined_\w+/.test(text)) {
        const name = text.match(/^\w+/)[0];
        emit({ output_type: 'error', ename: 'NameError', line: i + 1, column: 1, end_line: i + 1, end_column: name.length + 1, message_ko: `이름 '${name}'이(가) 정의되지 않았습니다`, message_en: `name '${name}' is not defined` });
        return { outputs, executionCount: this.count };
      } else if (/\.fit\(/.test(text)) {
        for (let e = 1; e <= 3 && !this.stopped; e++) {
          emit({ output_type: 'stream', name: 'stdout', text: `Epoch ${e}/3\n` });
          for (let b = 1; b <= 5; b++) {
            onProgress(`${b}/5 ━━━━━━━━━━━━━━━━━━━━ 0s 1ms/step - loss: ${(1 / (e * b)).toFixed(4)}`);
            await new Promise((r) => setTimeout(r, 60));
          }
          emit({ output_type: 'stream', name: 'stdout', text: `5/5 ━━━━━━━━━━━━━━━━━━━━ 0s 1ms/step - loss: ${(1 / (5 * e)).toFixed(4)}\n` });
        }
      } else if (/plt\.show\(\)/.test(text)) {
        emit({ output_type: 'display_data', data: { 'text/plain': '<Figure size 640x480 with 1 Axes>', 'application/vnd.noriteo.figure+json': { mock: true, points: [[0, 0], [1, 1], [2, 4], [3, 9]] } }, metadata: {} });
      } else if (/^df$/.test(text)) {
        emit({ output_type: 'execute_result', execution_count: this.count, data: { 'text/plain': '   a  b\n0  1  <b>', 'text/html': '<table class="dataframe"><thead><tr><th></th><th>a</th><th>b</th></tr></thead><tbody><tr><th>0</th><td>1</td><td>&lt;b&gt;</td></tr></tbody></table><script>alert(1)</script>' }, metadata: {} });
      } else if (/^\d+\s*[-+*]\s*\d+$/.test(text) && i === source.trimEnd().split('\n').length - 1) {
        const [a, op, b] = text.match(/^(\d+)\s*([-+*])\s*(\d+)$/).slice(1);
        const v = op === '+' ? +a + +b : op === '-' ? a - b : a * b;
        emit({ output_type: 'execute_result', execution_count: this.count, data: { 'text/plain': String(v) }, metadata: {} });
      }
    }
    return { outputs, executionCount: this.count };
  }

  async interrupt() { this.stopped = true; }
  async restart() { this.count = 0; }
  async addFile(name, data) { this.files.set(name, data); }
  async setLang(lang) { this.lang = lang; }
}

/// Draws the mock's figure: a polyline of its points on a white canvas `width` wide.
export function drawFigure(canvas, spec, width) {
  const height = Math.round(width * 0.6);
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, height);
  g.strokeStyle = '#1f77b4';
  g.lineWidth = 2;
  g.beginPath();
  for (const [i, [x, y]] of (spec.points ?? []).entries()) {
    const px = 20 + (x / 3) * (width - 40);
    const py = height - 20 - (y / 9) * (height - 40);
    if (i) g.lineTo(px, py); else g.moveTo(px, py);
  }
  g.stroke();
}
