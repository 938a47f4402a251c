// The tool editor's input schema in Monaco: the server checks the text (InputSchemaCheck) and this module shows its
// problems as error squiggles at their line and column (or on the first line for the schema as a whole).
function modelOf(editorId) {
  return window.blazorMonaco.editor.getEditor(editorId, true)?.getModel() ?? null;
}

// markers: [{ line, column, message }]
export function setMarkers(editorId, markers) {
  const model = modelOf(editorId);
  if (!model) return;
  monaco.editor.setModelMarkers(model, 'input-schema', markers.map(m => {
    const line = Math.min(Math.max(m.line ?? 1, 1), model.getLineCount());
    const column = Math.max(m.column ?? 1, 1);
    return {
      startLineNumber: line, startColumn: m.line ? column : 1, endLineNumber: line,
      endColumn: m.line ? column + 1 : model.getLineMaxColumn(line), message: m.message, severity: monaco.MarkerSeverity.Error,
    };
  }));
}
