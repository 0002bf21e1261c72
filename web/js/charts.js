// Drawing on the main thread with the same wasm module's plotters charts; the worker only
// sends numbers. Sizes follow the canvas' CSS width so text stays sharp.
import wasm from './wasm.js';
import { language, t } from './i18n.js';
import { el } from './editor.js';

function fit(canvas, width, height) {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
}

export function drawHistory(canvas, history, slice, epochs, baseline) {
  const pairs = history ? Object.entries(history.history) : [];
  const live = slice && !slice.done && slice.batches > 0 && slice.logs && Object.keys(slice.logs).length
    ? [slice.epoch + slice.batch / slice.batches, Object.entries(slice.logs)] : null;
  // As wide as the canvas is shown (a phone's 330 px keeps 11 px text readable); below
  // 480 px the loss and metric panels stack (crates/wasm/src/charts/history.rs).
  const shown = Math.round(canvas.getBoundingClientRect().width);
  const width = shown > 0 ? Math.max(300, Math.min(640, shown)) : 640;
  const metric = pairs.some(([k]) => k !== 'loss' && !k.startsWith('val_')) || (live?.[1] ?? []).some(([k]) => k !== 'loss' && !k.startsWith('val_'));
  fit(canvas, width, width < 480 ? (metric ? 440 : 240) : 280);
  wasm.draw_history(canvas, {
    history: pairs, live, epochs: epochs || 1, baseline: baseline ?? null,
    labels: { epoch: t('epoch'), train: t('trainCurve'), validation: t('validationCurve'), baseline: t('baselineShort') },
  });
}

export function drawActivation(canvas, name) {
  try { wasm.draw_activation(canvas, name); } catch { /* an unknown name is reported next to its field */ }
}

function chart(container, width, height) {
  const canvas = el('canvas', { width: String(width), height: String(height) });
  container.append(canvas);
  return canvas;
}

export function drawFitLine(canvas, points, line) {
  wasm.draw_fit_line(canvas, Float32Array.from(points[0]), Float32Array.from(points[1]),
    Float32Array.from(line[0]), Float32Array.from(line[1]), { title: t('fitTitle'), x: 'x', y: 'y' });
}

/// The result charts the engine chose for the task (see `report::Plot`).
export function drawResults(container, plots) {
  container.replaceChildren();
  for (const p of plots) {
    if (p.kind === 'scatter') {
      // In the target's own units (Boston: $1000s), with the errors over the whole set.
      const unit = (language() === 'ko' ? p.unit_ko : p.unit_en) || '';
      const named = `${p.target}${unit ? ` (${unit})` : ''}`;
      wasm.draw_scatter(chart(container, 360, 320), Float32Array.from(p.actual), Float32Array.from(p.predicted),
        { title: t('scatterTitle'), x: `${t('actual')} ${named}`, y: `${t('predicted')} ${named}` });
      const n = (v) => String(Number(v.toPrecision(4)));
      container.append(el('p', { class: 'info scatter-errors', text: `${p.on === 'test' ? t('rowsTest') : t('rowsTrain')}: MSE ${n(p.mse)} · MAE ${n(p.mae)} ${named} · ${t('meanBaseline')} ${n(p.baseline_mse)}` }));
    } else if (p.kind === 'fit_line') {
      drawFitLine(chart(container, 360, 320), [p.x, p.y], [p.line_x, p.line_y]);
    } else if (p.kind === 'confusion') {
      const n = p.classes.length;
      const size = Math.min(520, 140 + 44 * n);
      wasm.draw_confusion(chart(container, size + 40, size), Uint32Array.from(p.matrix), p.classes,
        `${t('confusionTitle')} (${p.on})`, t('truth'), t('predictedClass'));
    } else if (p.kind === 'images') {
      wasm.draw_images(chart(container, 420, 470), Uint8Array.from(p.pixels), p.width, p.height,
        Uint32Array.from(p.truth), Uint32Array.from(p.pred), p.classes);
    }
  }
}
