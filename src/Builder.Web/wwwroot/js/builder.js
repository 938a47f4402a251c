// Small browser helpers for the console. Everything else runs on the server.
window.builder = {
  setCookie(name, value) {
    document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
  },
  // Editors with unsaved edits register here; while any does, closing or reloading the tab asks first.
  unsaved: new Set(),
  setUnsavedChanges(id, dirty) {
    if (dirty) this.unsaved.add(id); else this.unsaved.delete(id);
  },
  // Moves the focus to the first button inside the element with this id (a menu made on its first use keeps the focus).
  focusButtonIn(id) {
    document.getElementById(id)?.querySelector('button')?.focus();
  },
  copyText(text) {
    return navigator.clipboard.writeText(text);
  },
  // BlazorMonaco's interop, then Monaco's AMD loader and editor, in order, once: only pages with a script editor pay for them.
  loadMonaco() {
    const scripts = [
      '_content/BlazorMonaco/jsInterop.js',
      '_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js',
      '_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js',
    ];
    this.monaco ??= scripts.reduce((loaded, src) => loaded.then(() => new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`Could not load ${src}`));
      document.head.appendChild(script);
    })), Promise.resolve());
    return this.monaco;
  },
};

window.addEventListener('beforeunload', event => {
  if (window.builder.unsaved.size === 0) return;
  event.preventDefault();
  event.returnValue = '';
});
