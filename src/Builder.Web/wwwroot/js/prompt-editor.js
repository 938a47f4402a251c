// The prompt language for Monaco: {{variable}} highlighted (Monarch), the declared variables completed after "{{",
// and the server's markers (undeclared and unused variables) shown on the text. The server does the analysis.
const declaredByModel = new Map(); // model uri → declared names

function register() {
  if (monaco.languages.getLanguages().some(l => l.id === 'prompt')) return;
  monaco.languages.register({ id: 'prompt' });
  monaco.languages.setMonarchTokensProvider('prompt', {
    tokenizer: {
      root: [
        [/(\{\{)(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*)(\}\})/, ['delimiter.bracket', '', 'variable', '', 'delimiter.bracket']],
        [/[^{]+/, ''],
        [/\{/, ''],
      ],
    },
  });
  monaco.languages.setLanguageConfiguration('prompt', { autoClosingPairs: [{ open: '{{', close: '}}' }] });
  monaco.languages.registerCompletionItemProvider('prompt', {
    triggerCharacters: ['{'],
    provideCompletionItems(model, position) {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const typed = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
      if (!typed) return { suggestions: [] };
      const after = model.getLineContent(position.lineNumber).slice(position.column - 1);
      const closed = /^[A-Za-z0-9_]*\s*\}\}/.test(after);
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber,
        startColumn: typed[1] ? word.startColumn : position.column, endColumn: typed[1] ? word.endColumn : position.column };
      const names = declaredByModel.get(model.uri.toString()) ?? [];
      return {
        suggestions: names.map(name => ({
          label: name, kind: monaco.languages.CompletionItemKind.Variable, detail: 'declared variable',
          insertText: closed ? name : `${name}}}`, range,
        })),
      };
    },
  });
}

function modelOf(editorId) {
  return window.blazorMonaco.editor.getEditor(editorId, true)?.getModel() ?? null;
}

// Registers the language once; called before the editor is created.
export function init() {
  register();
}

// The declared variables offered after "{{" in this editor.
export function setDeclared(editorId, names) {
  const model = modelOf(editorId);
  if (model) declaredByModel.set(model.uri.toString(), names);
}

// markers: [{ line, column, endLine, endColumn, severity: 'Hint' | 'Warning', message }]
export function setMarkers(editorId, markers) {
  const model = modelOf(editorId);
  if (!model) return;
  monaco.editor.setModelMarkers(model, 'prompt-variables', markers.map(m => ({
    startLineNumber: m.line, startColumn: m.column, endLineNumber: m.endLine, endColumn: m.endColumn, message: m.message,
    severity: m.severity === 'Warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Hint,
  })));
}
