// "Try the model": a drawing pad for the image lessons (MNIST, Fashion-MNIST) and a form with
// one field per input column for tables, with the model's class probabilities (or value)
// live beside them, and for tables with two number columns the decision-boundary map behind
// the training points, redrawn as training runs. The engine frames drawings, reads the
// form, predicts and computes the map's grid (crates/core/src/session/try_model.rs); the
// map is drawn by plotters (crates/wasm/src/charts/boundary.rs). This file only renders and
// forwards.
import wasm from './wasm.js';
import { el } from './editor.js';
import { language } from './i18n.js';

const TEXT = {
  ko: {
    title: '모델 써 보기', drawDigit: '숫자 하나를 크게 그려 보세요. 모델이 보는 28×28 그림과 열 개 클래스의 확률이 바로 나옵니다.',
    drawGarment: '옷이나 신발을 그려 보세요. 모델이 보는 28×28 그림과 열 개 클래스의 확률이 바로 나옵니다.',
    clear: '지우기', sees: '모델이 보는 그림', pad: '그림판', formHint: '값을 바꾸면 예측이 바로 바뀝니다. 처음 값은 테스트 데이터의 첫 행입니다.',
    prediction: '예측', probabilities: '클래스 확률', boundary: '결정 경계', xAxis: '가로축', yAxis: '세로축',
    boundaryHint: '나머지 입력은 학습 데이터의 평균으로 두고, 두 열에 따라 모델이 답하는 클래스를 색으로 칠합니다. 점은 학습 데이터입니다.',
    boundaryValue: '나머지 입력은 학습 데이터의 평균으로 두고, 두 열에 따라 모델이 예측하는 값을 색으로 칠합니다 (파랑 낮음, 주황 높음).',
  },
  en: {
    title: 'Try the model', drawDigit: 'Draw one digit, large. The 28×28 picture the model sees and the ten class probabilities follow at once.',
    drawGarment: 'Draw a piece of clothing or a shoe. The 28×28 picture the model sees and the ten class probabilities follow at once.',
    clear: 'Clear', sees: 'What the model sees', pad: 'Drawing pad', formHint: 'Change a value and the prediction follows. The first values are the test data\'s first row.',
    prediction: 'Prediction', probabilities: 'Class probabilities', boundary: 'Decision boundary', xAxis: 'x axis', yAxis: 'y axis',
    boundaryHint: 'The other inputs are held at their training mean; the colours show the class the model answers across the two columns. The dots are the training data.',
    boundaryValue: 'The other inputs are held at their training mean; the colours show the value the model predicts across the two columns (blue low, orange high).',
  },
};
const tr = (key) => TEXT[language()]?.[key] ?? TEXT.en[key];

/// The pad's size in canvas pixels (it is shown at most this wide), and its pen.
const PAD = 224;
const PEN = 18;
/// How often a drawing in progress and, while training runs, the map and the answer are
/// asked for again.
const LIVE_MS = 120;
const TRAINING_MS = 300;

export class TryModel {
  /// `request` sends an engine request; `say` turns an engine message into text.
  constructor({ container, request, say }) {
    this.box = container;
    this.request = request;
    this.say = say;
    this.form = null;
    this.dataKey = null;
    this.available = false;
    this.answer = null;
    this.error = null;
    this.map = null;
    this.axes = null;
    this.boundaryDraws = 0;
    this.busy = { answer: false, map: false };
    this.again = { answer: false, map: false };
    this.lastLive = 0;
    this.training = false;
    this.wanted = null;
  }

  /// Follows the session: a new data set brings a new form; a model that can predict (trained,
  /// or training) makes the panel live.
  async sync(view, training) {
    const d = view?.data;
    const key = d ? JSON.stringify([view.lesson, view.source, d.name, d.feature_names, d.class_names, d.train_rows]) : null;
    const available = !!d && (view.trained || training);
    // Training that ended leaves weights the last live answer has not seen yet.
    const ended = this.training && !training;
    this.training = training;
    if (key !== this.dataKey) {
      this.dataKey = key;
      this.form = null; this.answer = null; this.map = null; this.error = null; this.available = false;
      this.box.replaceChildren();
      this.box.hidden = !d;
      if (!d) return;
      try { this.form = await this.request({ type: 'try_form' }); } catch { this.form = null; }
      if (key !== this.dataKey) return;
      this.axes = this.form?.boundary ?? null;
      this.build();
      // Whatever the session said meanwhile, the newest word decides.
      this.available = this.wanted ?? available;
      this.renderState();
      if (this.available) this.refresh();
      return;
    }
    this.wanted = available;
    if (!this.form) return;
    const changed = available !== this.available;
    this.available = available;
    this.renderState();
    if (available && (changed || ended)) this.refresh();
    if (!available) { this.answer = null; this.map = null; this.renderAnswer(); this.renderMap(); }
  }

  /// While training runs: the answer and the map follow the weights, a few times a second.
  progress() {
    if (!this.form || !this.available) return;
    const now = performance.now();
    if (now - this.lastLive < TRAINING_MS) return;
    this.lastLive = now;
    this.refresh();
  }

  refresh() {
    if (!this.form || !this.available) return;
    this.ask();
    if (this.axes) this.askMap();
  }

  // ---------- building the panel ----------

  build() {
    const f = this.form;
    if (!f) return;
    const parts = [el('h3', { text: tr('title') })];
    this.why = el('p', { class: 'info try-why' });
    parts.push(this.why);
    if (f.input.kind === 'image') parts.push(this.buildPad(f.input));
    else parts.push(this.buildForm(f.input.fields));
    this.result = el('div', { class: 'try-result', 'aria-live': 'polite' });
    parts.push(this.result);
    if (f.boundary) parts.push(this.buildMap(f.input.fields));
    this.box.replaceChildren(...parts);
    this.renderState();
    this.renderAnswer();
  }

  buildPad(input) {
    this.hint = el('p', { class: 'info', text: tr(input.framing === 'garment' ? 'drawGarment' : 'drawDigit') });
    this.pad = el('canvas', { class: 'try-pad', width: String(PAD), height: String(PAD), 'aria-label': tr('pad') });
    this.sees = el('canvas', { class: 'try-sees', width: String(input.width), height: String(input.height) });
    this.clearButton = el('button', { type: 'button', text: tr('clear'), onclick: () => this.clear() });
    this.clearPad();
    this.wirePad();
    return el('div', {}, this.hint, el('div', { class: 'try-draw' }, this.pad,
      el('div', { class: 'try-side' }, el('span', { class: 'info', text: tr('sees') }), this.sees, this.clearButton)));
  }

  clearPad() {
    const g = this.pad.getContext('2d');
    g.fillStyle = '#000';
    g.fillRect(0, 0, PAD, PAD);
    this.inked = false;
  }

  clear() {
    this.clearPad();
    this.answer = null;
    this.sees.getContext('2d').clearRect(0, 0, this.sees.width, this.sees.height);
    this.renderAnswer();
  }

  wirePad() {
    const pad = this.pad;
    let last = null;
    const at = (e) => {
      const r = pad.getBoundingClientRect();
      return [(e.clientX - r.left) * PAD / r.width, (e.clientY - r.top) * PAD / r.height];
    };
    const line = (from, to) => {
      const g = pad.getContext('2d');
      g.strokeStyle = '#fff'; g.lineWidth = PEN; g.lineCap = 'round'; g.lineJoin = 'round';
      g.beginPath(); g.moveTo(...from); g.lineTo(...to); g.stroke();
      this.inked = true;
    };
    // Pointer events: a mouse, a pen and a finger alike (touch-action: none keeps the page
    // from scrolling under the finger).
    pad.addEventListener('pointerdown', (e) => {
      if (!this.available) return;
      e.preventDefault();
      // A synthetic event (a script's) has no pointer to capture.
      try { pad.setPointerCapture(e.pointerId); } catch { /* nothing to capture */ }
      last = at(e);
      line(last, last);
      this.live();
    });
    pad.addEventListener('pointermove', (e) => {
      if (!last) return;
      e.preventDefault();
      const next = at(e);
      line(last, next);
      last = next;
      this.live();
    });
    const end = () => { last = null; if (this.available) this.ask(); };
    pad.addEventListener('pointerup', end);
    pad.addEventListener('pointercancel', end);
  }

  /// While the pen moves, answers follow every LIVE_MS.
  live() {
    const now = performance.now();
    if (now - this.lastLive < LIVE_MS) return;
    this.lastLive = now;
    this.ask();
  }

  buildForm(fields) {
    this.hint = el('p', { class: 'info', text: tr('formHint') });
    this.fields = fields.map((f, i) => {
      const input = f.choices
        ? el('select', { 'data-try': String(i) }, ...f.choices.map((c) => el('option', { value: c, text: c })))
        : el('input', { type: 'text', inputmode: 'decimal', 'data-try': String(i) });
      input.value = f.value;
      input.addEventListener('input', () => this.ask());
      input.addEventListener('change', () => this.ask());
      // Column names come from the user's file: text, never HTML.
      return { label: el('label', {}, el('span', { text: f.name }), input), input };
    });
    return el('div', {}, this.hint, el('div', { class: 'try-form' }, ...this.fields.map((f) => f.label)));
  }

  buildMap(fields) {
    const numbers = fields.map((f, i) => [f, i]).filter(([f]) => !f.choices);
    const pick = (axis) => {
      const s = el('select', { 'data-axis': axis }, ...numbers.map(([f, i]) => el('option', { value: String(i), text: f.name })));
      s.value = String(this.axes[axis === 'x' ? 0 : 1]);
      s.addEventListener('change', () => {
        const x = Number(this.xSelect.value);
        const y = Number(this.ySelect.value);
        if (x === y) return;
        this.axes = [x, y];
        this.askMap();
      });
      return s;
    };
    this.xSelect = pick('x');
    this.ySelect = pick('y');
    this.mapCanvas = el('canvas', { id: 'boundary', class: 'try-map', width: '420', height: '380' });
    this.mapNote = el('p', { class: 'info', text: tr(this.form.task.kind === 'regression' ? 'boundaryValue' : 'boundaryHint') });
    this.mapBox = el('div', { class: 'try-boundary' },
      el('h3', { text: tr('boundary') }),
      el('div', { class: 'row wrap' }, el('label', {}, el('span', { text: tr('xAxis') }), this.xSelect), el('label', {}, el('span', { text: tr('yAxis') }), this.ySelect)),
      this.mapCanvas, this.mapNote);
    return this.mapBox;
  }

  // ---------- asking the engine ----------

  /// The request for what the panel shows now, or null when there is nothing to ask.
  question() {
    if (this.form.input.kind === 'image') {
      if (!this.inked) return null;
      const rgba = this.pad.getContext('2d').getImageData(0, 0, PAD, PAD).data;
      const ink = new Array(PAD * PAD);
      for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4];
      return { type: 'try_drawing', width: PAD, height: PAD, ink };
    }
    return { type: 'try_row', values: this.fields.map((f) => f.input.value) };
  }

  /// One answer in flight at a time; a change meanwhile asks again when it arrives.
  async ask() {
    if (!this.form || !this.available) return;
    if (this.busy.answer) { this.again.answer = true; return; }
    const q = this.question();
    if (!q) return;
    this.busy.answer = true;
    try {
      this.answer = await this.request(q);
      this.error = null;
    } catch (e) {
      this.answer = null;
      this.error = e?.engineMessage ?? String(e?.message ?? e);
    } finally {
      this.busy.answer = false;
    }
    this.renderAnswer();
    if (this.again.answer) { this.again.answer = false; this.ask(); }
  }

  async askMap() {
    if (!this.axes || !this.available) return;
    if (this.busy.map) { this.again.map = true; return; }
    this.busy.map = true;
    try {
      this.map = await this.request({ type: 'boundary', x: this.axes[0], y: this.axes[1] });
      this.mapError = null;
    } catch (e) {
      this.map = null;
      this.mapError = e?.engineMessage ?? String(e?.message ?? e);
    } finally {
      this.busy.map = false;
    }
    this.renderMap();
    if (this.again.map) { this.again.map = false; this.askMap(); }
  }

  // ---------- rendering ----------

  className(i) {
    const c = this.form?.classes[i];
    return c ? (language() === 'ko' ? c.ko : c.en) : String(i);
  }

  /// Greyed, with the reason, until the model can predict.
  renderState() {
    if (!this.form) return;
    this.box.classList.toggle('off', !this.available);
    this.why.textContent = this.available ? '' : this.say({ code: 'train_first', params: {} });
    for (const c of this.box.querySelectorAll('input, select, button')) c.disabled = !this.available;
  }

  renderAnswer() {
    if (!this.result) return;
    const a = this.answer;
    if (this.error) { this.result.replaceChildren(el('p', { class: 'error', text: this.say(this.error) })); return; }
    if (!a || !this.available) {
      this.result.replaceChildren();
      this.result.dataset.class = '';
      return;
    }
    if (this.sees && a.row.length === this.sees.width * this.sees.height) {
      const image = new ImageData(this.sees.width, this.sees.height);
      a.row.forEach((v, i) => { image.data.set([v, v, v, 255], i * 4); });
      this.sees.getContext('2d').putImageData(image, 0, 0);
    }
    const parts = [];
    if (a.probabilities) {
      this.result.dataset.class = String(a.class);
      parts.push(el('p', { class: 'try-answer', text: `${tr('prediction')}: ${this.className(a.class)} (${(a.probabilities[a.class] * 100).toFixed(1)}%)` }));
      parts.push(el('div', { class: 'try-bars', role: 'list', 'aria-label': tr('probabilities') }, ...a.probabilities.map((p, i) =>
        el('div', { class: `try-bar${i === a.class ? ' best' : ''}`, role: 'listitem', 'data-p': String(p) },
          el('span', { class: 'name', text: this.className(i) }),
          el('span', { class: 'track' }, el('span', { class: 'fill', style: `width:${(p * 100).toFixed(1)}%` })),
          el('span', { class: 'value', text: p.toFixed(3) })))));
    } else {
      this.result.dataset.class = '';
      const value = a.outputs.map((v) => Number(v.toPrecision(5))).join(', ');
      parts.push(el('p', { class: 'try-answer', 'data-value': String(a.outputs[0]), text: `${tr('prediction')} ${this.form.target}: ${value}` }));
    }
    this.result.replaceChildren(...parts);
  }

  renderMap() {
    if (!this.mapCanvas) return;
    const canvas = this.mapCanvas;
    const shown = Math.round(canvas.getBoundingClientRect().width);
    const width = shown > 0 ? Math.max(280, Math.min(480, shown)) : 420;
    if (canvas.width !== width) { canvas.width = width; canvas.height = Math.round(width * 0.9); }
    if (!this.map) {
      canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
      this.mapNote.textContent = this.mapError ? this.say(this.mapError) : tr(this.form.task.kind === 'regression' ? 'boundaryValue' : 'boundaryHint');
      return;
    }
    this.mapNote.textContent = tr(this.form.task.kind === 'regression' ? 'boundaryValue' : 'boundaryHint');
    const classes = this.form.classes.map((_, i) => this.className(i));
    wasm.draw_boundary(canvas, this.map, { title: tr('boundary'), classes });
    this.boundaryDraws += 1;
    canvas.dataset.draws = String(this.boundaryDraws);
  }

  /// A language switch rewords the panel.
  render() {
    if (!this.form) return;
    const answer = this.answer;
    const map = this.map;
    const values = this.fields?.map((f) => f.input.value);
    const pad = this.pad ? this.pad.getContext('2d').getImageData(0, 0, PAD, PAD) : null;
    const inked = this.inked;
    this.build();
    if (values) this.fields.forEach((f, i) => { f.input.value = values[i]; });
    if (pad) { this.pad.getContext('2d').putImageData(pad, 0, 0); this.inked = inked; }
    this.answer = answer; this.map = map;
    this.renderAnswer();
    this.renderMap();
  }

  /// What the panel shows: the last answer (`row` is what the page sent, as `predict()` takes
  /// it) and the map's data.
  shown() {
    const pending = this.busy.answer || this.again.answer;
    return structuredClone({ form: this.form, answer: this.answer, pending, boundary: this.map, available: this.available });
  }
}
