// The workflow canvas's pointer work: drag nodes, pan, lasso, wheel zoom, connect and palette drops.
// Everything during a gesture happens here, in the browser; .NET hears about it once, when the gesture ends.
// The node geometry (size, link bend) comes from .NET at init: the components draw with the same numbers.
const MIN_K = 0.1, MAX_K = 3, DRAG_THRESHOLD = 3;
const states = new WeakMap();

export function init(host, dotnet, geometry) {
  const svg = host.querySelector('svg.wf-svg');
  // The drag layers: SVGs over the canvas (paint layers of their own) that draw what a gesture moves. The canvas SVG is
  // not written to while a node is dragged, so a frame repaints a few elements, not every node (see lift).
  const layer = host.querySelector('svg.wf-drag-links'), nodes = host.querySelector('svg.wf-drag-nodes');
  const s = { host, svg, layer, nodes, viewports: host.querySelectorAll('g.wf-viewport, g.wf-drag-viewport'), dotnet, geometry, x: 40, y: 40, k: 1, gesture: null };
  states.set(host, s);
  // A drag over the canvas must not select the nodes' text: the browser's selection tracking and repainting of
  // selection highlights across hundreds of labels cost more per frame than moving the node itself.
  svg.style.userSelect = 'none';
  svg.addEventListener('pointerdown', e => pointerDown(s, e));
  svg.addEventListener('pointermove', e => pointerMove(s, e));
  svg.addEventListener('pointerup', e => pointerUp(s, e));
  svg.addEventListener('pointercancel', () => cancel(s));
  svg.addEventListener('wheel', e => wheel(s, e), { passive: false });
  host.addEventListener('keydown', e => keyDown(s, e));
  host.addEventListener('click', e => action(s, e));
  host.addEventListener('dragover', e => { if (e.dataTransfer.types.includes('application/x-builder-entity')) e.preventDefault(); });
  host.addEventListener('drop', e => drop(s, e));
  // The minimap takes no pointer events of its own (CSS), so a node under it stays clickable; a press on the empty
  // canvas under the minimap recentres the view there (see pointerDown).
  // A pane collapsing or a drawer closing resizes the canvas: keep the minimap's view rectangle true to it.
  new ResizeObserver(() => apply(s)).observe(svg);
  fit(host);
  host.dataset.ready = 'true';
}

export function fit(host) {
  const s = states.get(host); if (!s) return;
  const box = s.svg.querySelector('g.wf-nodes').getBBox();
  const rect = s.svg.getBoundingClientRect();
  if (box.width === 0 || rect.width === 0) { s.x = rect.width / 2; s.y = 80; s.k = 1; apply(s); return; }
  const pad = 60;
  s.k = clamp(Math.min((rect.width - 2 * pad) / box.width, (rect.height - 2 * pad) / box.height, 1.25), MIN_K, MAX_K);
  s.x = rect.width / 2 - (box.x + box.width / 2) * s.k;
  s.y = rect.height / 2 - (box.y + box.height / 2) * s.k;
  apply(s);
}

export function zoomBy(host, factor) {
  const s = states.get(host); if (!s) return;
  const r = s.svg.getBoundingClientRect();
  zoomAt(s, r.width / 2, r.height / 2, factor);
}

export function focusNode(host, id) {
  const el = host.querySelector(`g[data-node-id="${CSS.escape(id)}"]`);
  if (el) { el.focus({ preventScroll: true }); ensureVisible(states.get(host), el); }
}

export function focusElement(selector) { document.querySelector(selector)?.focus(); }

export function view(host) { const s = states.get(host); return s ? { x: s.x, y: s.y, k: s.k } : null; }

export function saveDraft(key, json) { try { localStorage.setItem(key, json); } catch { /* storage full or blocked */ } }
export function loadDraft(key) { return localStorage.getItem(key); }
export function clearDraft(key) { localStorage.removeItem(key); }

// Writes the view transform. Pass the canvas rectangle when it is known (during a pan) so this only writes.
function apply(s, rect) {
  const r = rect ?? s.svg.getBoundingClientRect();
  const transform = `translate(${s.x},${s.y}) scale(${s.k})`;
  for (const v of s.viewports) v.setAttribute('transform', transform);
  s.host.dataset.zoom = s.k.toFixed(2);
  // Zoomed far out the texts are not drawn (see CanvasGeometry.LabelMinZoom): a change of scale then lays out no text.
  s.host.classList.toggle('wf-far', s.k < s.geometry.labelMinZoom);
  const mini = s.host.querySelector('rect.wf-minimap-view');
  if (mini) {
    mini.setAttribute('x', -s.x / s.k); mini.setAttribute('y', -s.y / s.k);
    mini.setAttribute('width', r.width / s.k); mini.setAttribute('height', r.height / s.k);
  }
}

function toCanvas(s, e) {
  const r = s.svg.getBoundingClientRect();
  return { x: (e.clientX - r.left - s.x) / s.k, y: (e.clientY - r.top - s.y) / s.k };
}

function nodeEl(target) { return target.closest?.('g[data-node-id]'); }

// A node's position is its transform (translate(x,y)): the one place it is kept in the DOM.
function pos(el) {
  const t = el.transform.baseVal;
  if (!t.numberOfItems) return { x: 0, y: 0 };
  const m = t.getItem(0).matrix;
  return { x: m.e, y: m.f };
}

function pointerDown(s, e) {
  if (e.button !== 0) return;
  const port = e.target.closest?.('.wf-port');
  const node = nodeEl(e.target);
  if (!port && !node && !e.shiftKey && inMinimap(s, e)) { minimapJump(s, e); return; }
  s.svg.setPointerCapture(e.pointerId);
  const start = { cx: e.clientX, cy: e.clientY, moved: false, shift: e.shiftKey || e.ctrlKey || e.metaKey };
  if (port && node) {
    const line = s.layer.querySelector('path.wf-connect-line');
    const p = pos(node);
    s.gesture = { ...start, kind: 'connect', from: node.dataset.nodeId, line, x0: p.x, y0: p.y + s.geometry.halfHeight };
  } else if (node) {
    const id = node.dataset.nodeId;
    const group = node.classList.contains('selected')
      ? [...s.svg.querySelectorAll('g.wf-node.selected')] : [node];
    // Everything a move needs is read once, here: the dragged nodes' start positions, their links and the fixed end of
    // each link. A move then only writes (transforms and link paths), once per animation frame.
    const moving = new Map(group.map(g => { const p = pos(g); return [g.dataset.nodeId, { el: g, id: g.dataset.nodeId, x: p.x, y: p.y, nx: p.x, ny: p.y }]; }));
    const end = nid => moving.get(nid) ?? position(s, nid);
    const links = [];
    for (const p of s.svg.querySelectorAll('path.wf-link')) {
      if (moving.has(p.dataset.from) || moving.has(p.dataset.to)) links.push({ p, a: end(p.dataset.from), b: end(p.dataset.to) });
    }
    s.gesture = { ...start, kind: 'drag', id, group: [...moving.values()], links };
    node.focus({ preventScroll: true });
  } else if (start.shift) {
    s.gesture = { ...start, kind: 'lasso', rect: s.layer.querySelector('rect.wf-lasso') };
  } else {
    s.gesture = { ...start, kind: 'pan', x: s.x, y: s.y };
  }
}

function pointerMove(s, e) {
  const g = s.gesture; if (!g) return;
  const dx = e.clientX - g.cx, dy = e.clientY - g.cy;
  if (!g.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
  if (!g.moved && g.kind === 'pan') g.rect = s.svg.getBoundingClientRect();
  g.moved = true;
  if (g.kind === 'pan' || g.kind === 'drag') {
    // Pans and drags write once per animation frame, whatever the pointer's event rate.
    g.dx = dx; g.dy = dy;
    if (!g.frame) g.frame = requestAnimationFrame(() => paint(s, g));
  } else if (g.kind === 'connect') {
    const c = toCanvas(s, e);
    g.line.setAttribute('d', `M${g.x0},${g.y0} L${c.x},${c.y}`);
    g.line.style.display = '';
  } else if (g.kind === 'lasso') {
    const r = s.svg.getBoundingClientRect();
    const x = Math.min(e.clientX, g.cx) - r.left, y = Math.min(e.clientY, g.cy) - r.top;
    Object.assign(g, { x1: Math.min(e.clientX, g.cx), y1: Math.min(e.clientY, g.cy), x2: Math.max(e.clientX, g.cx), y2: Math.max(e.clientY, g.cy) });
    g.rect.setAttribute('x', x); g.rect.setAttribute('y', y);
    g.rect.setAttribute('width', Math.abs(dx)); g.rect.setAttribute('height', Math.abs(dy));
    g.rect.style.display = '';
  }
}

// Writes the latest pan or drag position: transforms and link paths only, nothing read back from the DOM. A drag writes
// to the lifted copies in the drag layer (see lift); the canvas itself changes once, when the drag ends.
function paint(s, g) {
  if (!g.frame) return;
  g.frame = 0;
  if (g.kind === 'pan') { s.x = g.x + g.dx; s.y = g.y + g.dy; apply(s, g.rect); return; }
  if (!g.lifted) lift(s, g);
  for (const n of g.group) { n.nx = n.x + g.dx / s.k; n.ny = n.y + g.dy / s.k; }
  // The nodes' layer moves by an animation held at the pointer's offset, not by its style: the compositor moves an
  // animated layer without the browser layerizing the page again (a changed style transform makes it redo the
  // layerization of every paint chunk, one per node, on every frame).
  const at = `translate(${g.dx}px,${g.dy}px)`, frames = [{ transform: at }, { transform: at }];
  if (g.move) g.move.effect.setKeyframes(frames); else g.move = s.nodes.animate(frames, { duration: 1e9, fill: 'forwards' });
  for (const l of g.links) if (l.stretches) l.copy.setAttribute('d', linkD(s, l));
}

function linkD(s, l) {
  const a = l.a.el ? { x: l.a.nx, y: l.a.ny } : l.a, b = l.b.el ? { x: l.b.nx, y: l.b.ny } : l.b;
  return linkPath(s, a.x, a.y, b.x, b.y);
}

// A drag's first frame moves the dragged nodes and their links into the drag layers: each gets a copy there (drawn the
// same: the same state classes, shapes from the canvas's <defs>; but wf-node-copy for wf-node and wf-link-copy for wf-link,
// and without ids, roles or names, so nothing that looks for nodes or links finds them twice) and the
// original is made transparent (not hidden: a hidden element would lose the keyboard focus). The dragged nodes, and the
// links between two of them, all move by the pointer's offset: their layer (composited) is moved as a whole by a CSS
// transform, which repaints nothing. A link to a node that stays put stretches: its copy is redrawn each frame. The
// originals stay where Blazor put them: the DOM the renderer owns is only ever given attribute values.
function lift(s, g) {
  g.lifted = true;
  // A rectangle bigger than any link, drawn (transparent) with the stretching links: the links layer's painted bounds
  // then stay the same from frame to frame, so redrawing a link is a repaint of that layer only, not a new layerization.
  g.bounds = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  g.bounds.setAttribute('class', 'wf-drag-bounds');
  for (const [a, v] of [['x', -1e6], ['y', -1e6], ['width', 2e6], ['height', 2e6]]) g.bounds.setAttribute(a, v);
  s.layer.querySelector('g.wf-drag-viewport').prepend(g.bounds);
  const copy = (el, deep, into) => {
    const c = el.cloneNode(deep);
    for (const a of ['data-node-id', 'data-from', 'data-to', 'tabindex', 'role', 'aria-label', 'aria-pressed']) c.removeAttribute(a);
    c.classList.replace('wf-node', 'wf-node-copy'); c.classList.replace('wf-link', 'wf-link-copy');
    for (const t of c.querySelectorAll('title')) t.remove();
    into.querySelector('g.wf-drag-viewport').append(c);
    el.style.opacity = '0';
    return c;
  };
  for (const l of g.links) { l.stretches = !(l.a.el && l.b.el); l.copy = copy(l.p, false, l.stretches ? s.layer : s.nodes); }
  for (const n of g.group) n.copy = copy(n.el, true, s.nodes);
}

// Ends a drag: the originals take the final (or, when cancelled, their first) place and show again; the copies go.
function land(s, g, commit) {
  if (!g.lifted) return;
  const show = el => { el.style.removeProperty('opacity'); if (!el.getAttribute('style')) el.removeAttribute('style'); };
  for (const l of g.links) { if (commit) l.p.setAttribute('d', linkD(s, l)); show(l.p); l.copy.remove(); }
  for (const n of g.group) { if (commit) n.el.setAttribute('transform', `translate(${n.nx},${n.ny})`); show(n.el); n.copy.remove(); }
  g.move?.cancel();
  g.bounds.remove();
}

function pointerUp(s, e) {
  const g = s.gesture; if (!g) return;
  s.gesture = null;
  if (g.frame) { cancelAnimationFrame(g.frame); if (g.kind === 'pan' || g.kind === 'drag') paint(s, g); }
  if (g.kind === 'drag') {
    land(s, g, true);
    if (g.moved) {
      const moves = g.group.map(n => ({ id: n.id, x: round(n.nx), y: round(n.ny) }));
      s.dotnet.invokeMethodAsync('OnNodesMoved', moves, g.id);
    } else s.dotnet.invokeMethodAsync('OnNodeClicked', g.id, g.shift);
  } else if (g.kind === 'connect') {
    g.line.style.display = 'none';
    const target = nodeEl(document.elementFromPoint(e.clientX, e.clientY) ?? s.svg);
    if (g.moved && target && target.dataset.nodeId !== g.from) s.dotnet.invokeMethodAsync('OnConnect', g.from, target.dataset.nodeId);
  } else if (g.kind === 'lasso') {
    g.rect.style.display = 'none';
    if (!g.moved) return;
    const ids = [...s.svg.querySelectorAll('g.wf-node')].filter(n => {
      const b = n.getBoundingClientRect();
      return b.left >= g.x1 && b.right <= g.x2 && b.top >= g.y1 && b.bottom <= g.y2;
    }).map(n => n.dataset.nodeId);
    s.dotnet.invokeMethodAsync('OnLasso', ids, true);
  } else if (g.kind === 'pan' && !g.moved && s.svg.querySelector('g.wf-node.selected')) {
    s.dotnet.invokeMethodAsync('OnBackgroundClick');
  }
}

function cancel(s) {
  const g = s.gesture; s.gesture = null;
  if (g?.frame) cancelAnimationFrame(g.frame);
  if (g?.kind === 'drag') {
    land(s, g, false);
    for (const n of g.group) { n.nx = n.x; n.ny = n.y; }
  }
}

function wheel(s, e) {
  e.preventDefault();
  const r = s.svg.getBoundingClientRect();
  zoomAt(s, e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * 0.0015));
}

function zoomAt(s, px, py, factor) {
  const k = clamp(s.k * factor, MIN_K, MAX_K);
  s.x = px - (px - s.x) * k / s.k; s.y = py - (py - s.y) * k / s.k; s.k = k;
  apply(s);
}

function action(s, e) {
  const button = e.target.closest?.('[data-canvas-action]'); if (!button) return;
  const a = button.dataset.canvasAction;
  if (a === 'zoom-in') zoomBy(s.host, 1.25); else if (a === 'zoom-out') zoomBy(s.host, 0.8); else if (a === 'fit') fit(s.host);
}

function inMinimap(s, e) {
  const mini = s.host.querySelector('svg.wf-minimap'); if (!mini) return false;
  const r = mini.getBoundingClientRect();
  return e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
}

function minimapJump(s, e) {
  const mini = s.host.querySelector('svg.wf-minimap'), pt = mini.createSVGPoint();
  pt.x = e.clientX; pt.y = e.clientY;
  const c = pt.matrixTransform(mini.getScreenCTM().inverse());
  const r = s.svg.getBoundingClientRect();
  s.x = r.width / 2 - c.x * s.k; s.y = r.height / 2 - c.y * s.k;
  apply(s);
}

const KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Delete', 'Backspace', 'Enter', 'Escape']);
const CTRL_KEYS = new Set(['z', 'y', 'c', 'v', 'a']);

function keyDown(s, e) {
  if (e.target.closest?.('input, textarea, button, [contenteditable]')) return;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const ctrl = e.ctrlKey || e.metaKey;
  if (!(ctrl ? CTRL_KEYS.has(key) : KEYS.has(key))) return;
  e.preventDefault();
  const focused = nodeEl(document.activeElement);
  // The focused node may be about to disappear (Delete, undo): keep the keyboard in the canvas.
  if (key === 'Delete' || key === 'Backspace' || ctrl) s.host.focus({ preventScroll: true });
  s.dotnet.invokeMethodAsync('OnKey', key, ctrl, e.shiftKey, focused?.dataset.nodeId ?? null);
}

function drop(s, e) {
  const entityId = e.dataTransfer.getData('application/x-builder-entity'); if (!entityId) return;
  e.preventDefault();
  const c = toCanvas(s, e);
  s.dotnet.invokeMethodAsync('OnDrop', entityId, round(c.x), round(c.y));
}

function ensureVisible(s, el) {
  if (!s) return;
  const b = el.getBoundingClientRect(), r = s.svg.getBoundingClientRect();
  if (b.left >= r.left && b.right <= r.right && b.top >= r.top && b.bottom <= r.bottom) return;
  s.x += (r.left + r.width / 2) - (b.left + b.width / 2); s.y += (r.top + r.height / 2) - (b.top + b.height / 2);
  apply(s);
}

function position(s, id) {
  return pos(s.svg.querySelector(`g[data-node-id="${CSS.escape(id)}"]`));
}

function linkPath(s, px, py, cx, cy) {
  const g = s.geometry;
  const y1 = py + g.halfHeight, y2 = cy - g.halfHeight, bend = Math.max(g.linkBend, Math.abs(y2 - y1) / 2);
  return `M${px},${y1} C${px},${y1 + bend} ${cx},${y2 - bend} ${cx},${y2}`;
}

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const round = v => Math.round(v * 10) / 10;

// Palette items start an HTML drag carrying the entity id.
document.addEventListener('dragstart', e => {
  const item = e.target.closest?.('[data-palette-entity]'); if (!item) return;
  e.dataTransfer.setData('application/x-builder-entity', item.dataset.paletteEntity);
  e.dataTransfer.effectAllowed = 'copy';
});
