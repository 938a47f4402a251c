// Small browser helpers for the console. Everything else runs on the server.
window.builder = {
  setCookie(name, value) {
    document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
  },
  copyText(text) {
    return navigator.clipboard.writeText(text);
  },
};
