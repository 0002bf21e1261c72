// The setup form: it shows a TrainingSpec (the engine's JSON) and writes the learner's edits
// back into it. Checking the setup is the engine's job; this only places its messages.
import { t } from './i18n.js';

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function options(select, values, current) {
  select.replaceChildren(...values.map((v) => el('option', { value: v, text: v })));
  select.value = current;
}

/// A number field's value (NaN when it is not a number: the engine explains why that fails).
function number(input) {
  const v = input.value.trim();
  return v === '' ? NaN : Number(v);
}

export class Editor {
  constructor({ names, newLayer, onChange, drawActivation }) {
    this.names = names;
    /// The engine's layer for each "+ Dense" button (its defaults are the engine's).
    this.newLayer = newLayer;
    this.onChange = onChange;
    this.drawActivation = drawActivation;
    this.spec = null;
    /// Fields whose text is not a whole number: the spec keeps its last value meanwhile.
    this.local = new Map();
    for (const b of document.querySelectorAll('[data-add]')) {
      b.addEventListener('click', () => this.addLayer(b.dataset.add));
    }
    const bind = (id, apply) => $(id).addEventListener('change', () => { apply($(id)); this.changed(); });
    bind('loss', (s) => { this.setLoss(s.value, this.fromLogits()); });
    bind('from-logits', () => { this.setLoss(this.lossName(), $('from-logits').checked); });
    bind('optimizer', (s) => { this.setOptimizer(s.value, this.learningRate()); });
    bind('learning-rate', () => { this.setOptimizer(this.optimizerName(), this.readLearningRate()); });
    bind('metric-accuracy', (c) => { this.spec.compile.metrics = c.checked ? ['accuracy'] : []; });
    bind('epochs', (i) => this.whole(i, (v) => { this.spec.fit.epochs = v; }));
    bind('batch-size', (i) => this.whole(i, (v) => { this.spec.fit.batch_size = v; }));
    bind('validation-split', (i) => { this.spec.fit.validation_split = number(i); });
    // The engine checks the seed's range (a negative one is refused next to the field).
    bind('seed', (i) => this.whole(i, (v) => { this.spec.seed = v; }));
    bind('early-stopping', (c) => {
      this.spec.fit.early_stopping = c.checked ? { monitor: 'val_loss', patience: Number.isInteger(number($('patience'))) ? number($('patience')) : 10, restore_best_weights: true } : null;
    });
    bind('patience', (i) => this.whole(i, (v) => { if (this.spec.fit.early_stopping) this.spec.fit.early_stopping.patience = v; }));
  }

  changed() { this.render(); this.onChange(this.spec); }

  /// Integer settings (units, epochs, batch size) reach the engine only as whole numbers.
  whole(input, apply) {
    const n = number(input);
    if (Number.isInteger(n)) { this.local.delete(input.dataset.field); apply(n); } else {
      this.local.set(input.dataset.field, { raw: input.value, message: `${t('wholeNumber')} (${input.value || '—'})` });
    }
  }

  localErrors() { return [...this.local].map(([field, { message }]) => ({ field, message })); }

  shown(field, value) { return this.local.get(field)?.raw ?? value; }

  lossName() { const l = this.spec.compile.loss; return typeof l === 'string' ? l : l?.name ?? ''; }
  fromLogits() { const l = this.spec.compile.loss; return typeof l === 'object' && l !== null && !!l.from_logits; }
  setLoss(name, fromLogits) { this.spec.compile.loss = fromLogits ? { name, from_logits: true } : name; }
  optimizerName() { const o = this.spec.compile.optimizer; return typeof o === 'string' ? o : o.name; }
  learningRate() { const o = this.spec.compile.optimizer; return typeof o === 'object' ? o.learning_rate ?? null : null; }
  readLearningRate() { const v = $('learning-rate').value.trim(); return v === '' ? null : Number(v); }
  setOptimizer(name, lr) {
    const old = typeof this.spec.compile.optimizer === 'object' ? this.spec.compile.optimizer : {};
    this.spec.compile.optimizer = lr === null ? name : { ...old, name, learning_rate: lr };
  }

  addLayer(type) {
    const layers = this.spec.model.layers;
    // New hidden layers go before the output layer, where a learner wants them.
    const at = type === 'Flatten' ? 0 : Math.max(0, layers.length - 1);
    layers.splice(type === 'Flatten' ? 0 : at, 0, this.newLayer(type));
    this.changed();
  }

  load(spec) { this.spec = structuredClone(spec); this.local.clear(); this.layersKey = null; this.built = null; this.render(); }

  /// Rebuilds the form from the spec. Rebuilding the layer list removes its inputs; removing
  /// a focused input blurs it, and a blur commits a changed value with a 'change' event whose
  /// handler renders again, inside this render (Chromium 148 then threw NotFoundError from
  /// the outer replaceChildren). So the focused input is committed first, and a render asked
  /// for meanwhile is folded into this one.
  render() {
    if (!this.spec) return;
    if (this.rendering) { this.again = true; return; }
    this.rendering = true;
    try {
      const focused = document.activeElement;
      if (focused && $('layers').contains(focused)) focused.blur();
      do {
        this.again = false;
        this.renderOnce();
      } while (this.again);
    } finally {
      this.rendering = false;
    }
  }

  renderOnce() {
    const s = this.spec;
    options($('loss'), this.names.losses, this.lossName());
    $('from-logits').checked = this.fromLogits();
    options($('optimizer'), this.names.optimizers, this.optimizerName());
    const lr = this.learningRate();
    if (document.activeElement !== $('learning-rate')) $('learning-rate').value = lr === null ? '' : String(Number(lr.toPrecision(7))); // f32 settings print as typed (0.03, not 0.0299999993)
    $('learning-rate').placeholder = 'default';
    $('metric-accuracy').checked = s.compile.metrics.some((m) => m === 'accuracy' || m === 'acc');
    $('epochs').value = this.shown('fit.epochs', s.fit.epochs);
    $('batch-size').value = this.shown('fit.batch_size', s.fit.batch_size);
    $('validation-split').value = s.fit.validation_split;
    $('seed').value = this.shown('seed', s.seed);
    $('early-stopping').checked = !!s.fit.early_stopping;
    $('patience').value = this.shown('fit.early_stopping.patience', s.fit.early_stopping?.patience ?? 10);
    $('patience').disabled = !s.fit.early_stopping;
    // A list whose layers are the same objects in the same order keeps its nodes and only
    // shows new values: a rebuild would drop the button a learner is clicking when the blur
    // of the field they typed in re-renders between mousedown and mouseup.
    const key = JSON.stringify([s.model.layers.map((l) => l.type), t('units')]);
    const same = key === this.layersKey && this.built?.length === s.model.layers.length
      && this.built.every((l, i) => l === s.model.layers[i]) && $('layers').childElementCount;
    if (same) {
      s.model.layers.forEach((layer, i) => this.refreshLayer($('layers').children[i], layer, i));
    } else {
      this.layersKey = key;
      this.built = [...s.model.layers];
      $('layers').replaceChildren(...s.model.layers.map((layer, i) => this.layerItem(layer, i)));
    }
  }

  /// Shows a layer's current values in its row, leaving the field being typed in alone.
  refreshLayer(li, layer, i) {
    const set = (name, value) => {
      const input = li.querySelector(`[data-field="model.layers[${i}].${name}"]`);
      if (input && input !== document.activeElement && input.value !== String(value)) input.value = value;
    };
    if (layer.type === 'Dense') set('units', this.shown(`model.layers[${i}].units`, layer.units));
    if (layer.type === 'Dropout') set('rate', layer.rate);
    if (layer.type === 'Dense' || layer.type === 'Activation') {
      set('activation', layer.activation);
      const thumb = li.querySelector('canvas');
      if (thumb && thumb.title !== layer.activation) {
        thumb.title = layer.activation;
        this.drawActivation(thumb, layer.activation);
      }
    }
  }

  layerItem(layer, i) {
    const field = (name) => `model.layers[${i}].${name}`;
    const li = el('li', { dataset: { field: `model.layers[${i}]` } }, el('span', { class: 'kind', text: layer.type }));
    const update = (fn) => () => { fn(); this.changed(); };
    if (layer.type === 'Dense') {
      const units = el('input', { type: 'number', min: '1', step: '1', value: this.shown(field('units'), layer.units), 'aria-label': t('units'), dataset: { field: field('units') } });
      units.addEventListener('change', update(() => this.whole(units, (v) => { layer.units = v; })));
      li.append(el('label', {}, el('span', { text: t('units') }), units));
    }
    if (layer.type === 'Dense' || layer.type === 'Activation') {
      const act = el('select', { 'aria-label': t('activation'), dataset: { field: field('activation') } });
      options(act, this.names.activations, layer.activation);
      act.addEventListener('change', update(() => { layer.activation = act.value; }));
      const thumb = el('canvas', { width: '64', height: '36', title: layer.activation });
      li.append(el('label', {}, el('span', { text: t('activation') }), act), thumb);
      queueMicrotask(() => this.drawActivation(thumb, layer.activation));
    }
    if (layer.type === 'Dropout') {
      const rate = el('input', { type: 'number', min: '0', max: '0.99', step: '0.05', value: layer.rate, 'aria-label': t('rate'), dataset: { field: field('rate') } });
      rate.addEventListener('change', update(() => { layer.rate = number(rate); }));
      li.append(el('label', {}, el('span', { text: t('rate') }), rate));
    }
    const layers = this.spec.model.layers;
    const move = (d) => update(() => {
      if (i + d < 0 || i + d >= layers.length) return;
      const [l] = layers.splice(i, 1);
      layers.splice(i + d, 0, l);
    });
    // `edge` keeps the first ↑ and the last ↓ disabled whatever else enables the form.
    const edge = (at) => (at ? { disabled: '', dataset: { edge: 'true' } } : {});
    li.append(el('span', { class: 'tools' },
      el('button', { type: 'button', title: t('up'), 'aria-label': t('up'), text: '↑', onclick: move(-1), ...edge(i === 0) }),
      el('button', { type: 'button', title: t('down'), 'aria-label': t('down'), text: '↓', onclick: move(1), ...edge(i === layers.length - 1) }),
      el('button', { type: 'button', title: t('remove'), 'aria-label': t('remove'), text: '✕', onclick: update(() => layers.splice(i, 1)) })));
    return li;
  }

  /// Puts each engine message next to the field it names; the rest go in the list.
  showErrors(errors) {
    for (const n of document.querySelectorAll('.invalid')) n.classList.remove('invalid');
    for (const n of document.querySelectorAll('.field-error')) n.remove();
    const rest = [];
    for (const { field, message } of errors) {
      const target = document.querySelector(`[data-field="${CSS.escape(field)}"]`)
        ?? document.querySelector(`[data-field="${CSS.escape(field.replace(/\.[a-z_]+$/, ''))}"]`);
      if (!target) { rest.push(message); continue; }
      target.classList.add('invalid');
      const note = el('span', { class: 'field-error', role: 'alert', text: message });
      const li = target.closest('li');
      if (li) li.append(note); else target.closest('label').after(note);
    }
    $('setup-errors').replaceChildren(...rest.map((m) => el('li', { text: m })));
  }
}

export { el };
