// A cell's editor: CodeMirror 6 with Python highlighting and bracket matching, Jupyter's run
// keys, and a decoration for the line an error points at. Keys pressed while a Korean IME
// composes a syllable belong to the IME: they never run a cell or reach CodeMirror's keymap.
import { EditorState, StateEffect, StateField, Prec } from '@codemirror/state';
import { EditorView, Decoration, keymap, lineNumbers, drawSelection, highlightActiveLine, placeholder } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { python } from '@codemirror/lang-python';

/// Whether a key event is part of an IME composition (Hangul, kana, …): `isComposing`, or
/// the keyCode 229 that Chrome and Safari give every key the IME takes.
export const composing = (event) => event.isComposing || event.keyCode === 229;

const setError = StateEffect.define();

/// The error line (and the span within it) as decorations; any edit clears them, as the
/// text they pointed at has changed.
const errorField = StateField.define({
  create: () => Decoration.none,
  update(decos, tr) {
    for (const e of tr.effects) if (e.is(setError)) return e.value;
    return tr.docChanged ? Decoration.none : decos;
  },
  provide: (f) => EditorView.decorations.from(f),
});

function errorDecorations(doc, { line, column, end_line: endLine, end_column: endColumn }) {
  if (!Number.isInteger(line) || line < 1 || line > doc.lines) return Decoration.none;
  const l = doc.line(line);
  const ranges = [Decoration.line({ class: 'cm-error-line' }).range(l.from)];
  if (Number.isInteger(column) && column >= 1) {
    const from = Math.min(l.to, l.from + column - 1);
    const endL = Number.isInteger(endLine) && endLine >= line && endLine <= doc.lines ? doc.line(endLine) : l;
    const to = Number.isInteger(endColumn) && endColumn > 0 ? Math.min(endL.to, endL.from + endColumn - 1) : l.to;
    if (to > from) ranges.push(Decoration.mark({ class: 'cm-error-span' }).range(from, to));
  }
  return Decoration.set(ranges, true);
}

/// Marks the line an error points at (1-based, as Python counts), or clears the mark (null).
export function showErrorLine(view, error) {
  view.dispatch({ effects: setError.of(error ? errorDecorations(view.state.doc, error) : Decoration.none) });
}

/// A new editor in `parent`. `keys` holds the cell's actions: runNext (Shift+Enter), run
/// (Ctrl+Enter), runInsert (Alt+Enter), command (Esc); `onChange` hears every edit.
export function createEditor(parent, { doc = '', language = 'python', keys, onChange, onFocus, hint = '' }) {
  const run = (action) => (view) => {
    if (view.composing) return false;
    action();
    return true;
  };
  const extensions = [
    // Before every keymap: a composing key is the IME's, untouched by CodeMirror.
    Prec.highest(EditorView.domEventHandlers({ keydown: (event) => composing(event) })),
    Prec.high(keymap.of([
      { key: 'Shift-Enter', run: run(keys.runNext) },
      { key: 'Mod-Enter', run: run(keys.run) },
      // Jupyter on a Mac takes Ctrl+Enter as well as Cmd+Enter.
      { key: 'Ctrl-Enter', run: run(keys.run) },
      { key: 'Alt-Enter', run: run(keys.runInsert) },
      { key: 'Escape', run: run(keys.command) },
    ])),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
    EditorView.lineWrapping,
    errorField,
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange?.();
      if (u.focusChanged && u.view.hasFocus) onFocus?.();
    }),
    EditorState.tabSize.of(4),
  ];
  if (language === 'python') extensions.push(python(), lineNumbers());
  if (hint) extensions.push(placeholder(hint));
  return new EditorView({ parent, state: EditorState.create({ doc, extensions }) });
}

export const sourceOf = (view) => view.state.doc.toString();

export function setSource(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
