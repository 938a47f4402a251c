// Canvas benchmark (and screenshots) against a running Builder: signs in, creates entities and a workflow
// through the API, then measures in headless Chromium. Usage: node bench-canvas.mjs BASE_URL [--nodes 500] [--runs 3] [--screenshots DIR] [--heap [--editors 5]]
// --heap (needs BENCH_APP_PID and dotnet-gcdump): the managed heap an open editor circuit adds, from gcdumps before and after.
// Prints each run on stderr and the per-measure median of the runs on stdout.
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
const require = createRequire((process.env.BENCH_NODE_MODULES ?? '/tmp/bench-node/node_modules') + '/');
const { chromium } = require('playwright-core');

const base = process.argv[2] ?? 'http://127.0.0.1:5091';
const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const nodeCount = +arg('--nodes', 500);
const shots = arg('--screenshots', null);
const TYPES = { Event: '0b8f3c2e-0001-4a6b-9d3e-000000000001', Prompt: '0b8f3c2e-0002-4a6b-9d3e-000000000002',
  Action: '0b8f3c2e-0003-4a6b-9d3e-000000000003', Result: '0b8f3c2e-0004-4a6b-9d3e-000000000004' };
const SHAPE = { Event: 'circle', Prompt: 'rectangle', Action: 'hexagon', Result: 'diamond' };

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
context.setDefaultTimeout(120000); // a loaded machine signs in slowly
const page = await context.newPage();
await page.goto('/dev/sign-in');
await page.locator("form button[name='email'][value='admin@acme.test']").click();
await page.waitForURL(u => !u.pathname.startsWith('/dev/sign-in'));

const api = async (method, url, data) => {
  const r = await page.request.fetch(url, { method, data });
  if (!r.ok()) throw new Error(`${method} ${url}: ${r.status()} ${await r.text()}`);
  return r.json();
};
const session = await api('GET', '/api/auth/session');
const org = session.organizations.find(o => o.name === 'Acme Corp').id;
const envs = await api('GET', `/api/environments?organizationId=${org}&limit=100`);
const env = envs.data.find(e => e.name === 'Development').id;
const run = Date.now().toString(36);

const entity = (name, type, extra = {}) => api('POST', '/api/workflow-entities',
  { organizationId: org, name: `${name} ${run}`, workflowEntityTypeId: TYPES[type], ...extra });
const rule = (field, value) => ({ type: 'group', operator: 'AND', conditions: [{ type: 'rule', field, comparison: 'equals', value }] });
const e = {
  signup: await entity('User signs up', 'Event', { condition: rule('message.type', 'user.signup') }),
  welcome: await entity('Write welcome', 'Prompt', { arguments: [{ argumentName: 'user', argumentValue: '{{message.user.name}}', argumentDescription: 'who' }] }),
  vip: await entity('Is VIP', 'Action', { condition: rule('message.user.plan', 'vip'), tfCondition: 'True/False' }),
  notify: await entity('Notify sales', 'Action'),
  email: await entity('Send email', 'Action', { arguments: [{ argumentName: 'to', argumentValue: '{{message.user.email}}' }] }),
  done: await entity('Done', 'Result'),
  skipped: await entity('Skipped', 'Result'),
};
const typeOf = { signup: 'Event', welcome: 'Prompt', vip: 'Action', notify: 'Action', email: 'Action', done: 'Result', skipped: 'Result' };
let ids = 0;
const node = (key, children = [], x = 0, y = 0) => ({ id: `b${ids++}`, name: e[key].name.replace(` ${run}`, ''), entityId: e[key].id, entityType: typeOf[key],
  presentation: { type: SHAPE[typeOf[key]], position: { x, y } }, children });
const create = async (name, root) => (await api('POST', '/api/workflows', { organizationId: org, environmentId: env, name: `${name} ${run}`, workflowData: { root } })).id;
const editor = id => `/orgs/${org}/envs/${env}/workflows/${id}`;

// A 500-node tree: an event with prompts, each with actions, each ending in results; positions deliberately messy.
const big = () => {
  let count = 1; const root = node('signup', [], 0, 0);
  const queue = [root];
  while (count < nodeCount) {
    const parent = queue.shift();
    const kids = parent.entityType === 'Event' ? ['welcome', 'welcome', 'welcome'] : parent.entityType === 'Prompt' ? ['email', 'notify', 'email'] : ['welcome', 'done'];
    for (const k of kids) { if (count >= nodeCount) break;
      const child = node(k, [], (count * 37) % 3000, (count * 53) % 2000); parent.children.push(child); count++;
      if (child.entityType !== 'Result') queue.push(child); }
  }
  return root;
};

const wsFrames = { sent: 0 };
const watch = p => p.on('websocket', ws => ws.on('framesent', () => wsFrames.sent++));
watch(page);
const median = xs => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * q))]; };
const r1 = v => +v.toFixed(1);
const r2 = v => +v.toFixed(2);

// The node to drag: one fully visible in the canvas (not under the palette or a panel) with the most links, on top at its centre.
const pickNode = page => page.evaluate(() => {
  const svg = document.querySelector('svg.wf-svg').getBoundingClientRect();
  let best = null;
  for (const n of document.querySelectorAll('g.wf-node')) {
    const b = n.getBoundingClientRect(), x = b.left + b.width / 2, y = b.top + b.height / 2 - 8;
    if (b.left < svg.left + 20 || b.right > svg.right - 20 || b.top < svg.top + 20 || b.bottom > svg.bottom - 140) continue;
    const hit = document.elementFromPoint(x, y)?.closest('g.wf-node'); // nodes overlap: take the one on top
    if (!hit) continue;
    const id = hit.dataset.nodeId, links = document.querySelectorAll(`path.wf-link[data-from="${id}"], path.wf-link[data-to="${id}"]`).length;
    if (!best || links > best.links) best = { id, x, y, links };
  }
  return best;
});

// One measured run in a fresh browser context (signed in, empty localStorage: no draft from an earlier run).
async function measure(state, id) {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, storageState: state });
  const page = await ctx.newPage(); watch(page);
  const results = {};
  const t0 = Date.now();
  await page.goto(editor(id));
  await page.waitForSelector(".wf-canvas[data-ready='true']", { timeout: 60000 });
  results.timeToInteractiveMs = Date.now() - t0;
  results.nodesRendered = await page.locator('g.wf-node').count();

  // Drag one node with 120 pointer moves (page.mouse: real input events through Chromium's input pipeline).
  // Two measures per animation frame: the rAF interval (vsync-bound: 16.7 ms at 60 Hz is the floor, so "< 16 ms"
  // cannot be read from it; long intervals are dropped frames), and the main-thread work the drag costs a frame:
  // pointermove handlers + the frame's rAF callbacks, style, layout and paint (rAF → a message posted from it).
  await page.click("button[aria-label='Zoom in']"); await page.click("button[aria-label='Zoom in']");
  // The node to drag: one fully visible in the canvas (not under the palette or a panel) with the most links.
  const pick = await pickNode(page);
  if (!pick) throw new Error('no node fully visible to drag');
  await page.evaluate(() => {
    window.__frames = []; window.__work = []; let last = performance.now();
    const tick = t => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); }; requestAnimationFrame(tick);
    let script = 0, pending = false, t0 = 0; const ch = new MessageChannel();
    let rafAt = 0; ch.port1.onmessage = () => { window.__work.push(script + performance.now() - rafAt); script = 0; pending = false; };
    window.addEventListener('pointermove', () => { t0 = performance.now();
      if (!pending) { pending = true; requestAnimationFrame(() => { rafAt = performance.now(); ch.port2.postMessage(0); }); } }, true);
    window.addEventListener('pointermove', () => { script += performance.now() - t0; });
  });
  const sx = pick.x, sy = pick.y, moved = page.locator(`g.wf-node[data-node-id="${pick.id}"]`);
  const startBox = await moved.boundingBox();
  await page.mouse.move(sx, sy); await page.mouse.down();
  const before = wsFrames.sent;
  const dragStart = Date.now();
  // One move per animation frame, like a 60 Hz mouse; every frame of the drag then has a move to handle.
  for (let i = 1; i <= 120; i++) { await page.mouse.move(sx + i * 2, sy + i); await page.evaluate(() => new Promise(r => requestAnimationFrame(() => r()))); }
  const during = wsFrames.sent - before;
  results.dragDurationMs = Date.now() - dragStart;
  await page.mouse.up();
  // The dragged node takes its place when the drag ends (until then a copy of it in the drag layer moves).
  const draggedBox = await moved.boundingBox();
  if (Math.abs(draggedBox.x - startBox.x) < 100) throw new Error('the drag did not move the node');
  const { frames, work } = await page.evaluate(() => { window.__stop = true; return { frames: window.__frames.slice(2), work: window.__work }; });
  results.frameIntervalMsMedian = r1(median(frames)); results.frameIntervalMsP95 = r1(pct(frames, 0.95));
  results.frameWorkMsMedian = r1(median(work)); results.frameWorkMsP95 = r1(pct(work, 0.95)); results.dragFrames = work.length; results.draggedNodeLinks = pick.links;
  results.websocketFramesDuringDrag = during;

  // Auto-layout: click, then wait until the server's re-render has moved the root node.
  const root = page.locator('g.wf-node').first();
  const old = await root.getAttribute('transform');
  const l0 = Date.now();
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.waitForFunction(o => document.querySelector('g.wf-node').getAttribute('transform') !== o, old, { timeout: 60000 });
  results.autoLayoutMs = Date.now() - l0;
  // ...and until the browser has drawn them there: the frame after the change has run its style, layout and paint
  // (rAF, then a message posted from it). At 2,000 nodes the browser's SVG layout of the moved nodes is most of this.
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); })));
  results.autoLayoutDrawnMs = Date.now() - l0;
  await ctx.close();
  return results;
}

// --trace: the drag under a Chromium trace (and then the auto-layout: see layoutTrace) (CDP Tracing), counted instead of timed, so the result does not depend on the
// machine's load: per drag frame, how many elements the style recalculation visited (UpdateLayoutTree's elementCount),
// how many layout objects were dirty, how many Layout, PrePaint, Paint and hit tests ran, and why styles were invalidated.
const TRACE_CATEGORIES = ['devtools.timeline', 'blink', 'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.invalidationTracking'];
async function traceDrag(state, id) {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, storageState: state });
  const page = await ctx.newPage();
  await page.goto(editor(id));
  await page.waitForSelector(".wf-canvas[data-ready='true']", { timeout: 120000 });
  if (process.env.BENCH_TRACE_CSS) await page.addStyleTag({ content: process.env.BENCH_TRACE_CSS });
  await page.click("button[aria-label='Zoom in']"); await page.click("button[aria-label='Zoom in']");
  const pick = await pickNode(page);
  const cdp = await ctx.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', e => events.push(...e.value));
  const done = new Promise(r => cdp.once('Tracing.tracingComplete', r));
  const moves = 60, marks = [];
  await page.mouse.move(pick.x, pick.y); await page.mouse.down();
  // A few moves past the drag threshold before the trace starts: the trace counts steady drag frames, not the press.
  for (let i = 1; i <= 3; i++) { await page.mouse.move(pick.x + i * 2, pick.y + i); await page.evaluate(() => new Promise(r => requestAnimationFrame(() => r()))); }
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReportEvents' });
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  for (let i = 4; i < 4 + moves; i++) {
    await page.mouse.move(pick.x + i * 2, pick.y + i);
    await page.evaluate(() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0))));
  }
  await cdp.send('Tracing.end'); await done;
  // Auto-layout: what reaches the browser between the click and the nodes moving (SignalR frames, bytes): counted, not timed.
  // First the drop's own messages (its render, then its draft) must have arrived.
  await cdp.send('Network.enable');
  let got = [], t0 = Date.now(), drafted = 0;
  const text = f => Buffer.from(f.payloadData.slice(0, 200), f.opcode === 2 ? 'base64' : 'utf8').toString('latin1');
  cdp.on('Network.webSocketFrameReceived', e => {
    if (text(e.response).includes('saveDraft')) drafted++;
    got.push({ atMs: Date.now() - t0, bytes: e.response.payloadData.length, head: text(e.response).replace(/[^\x20-\x7e]/g, '.').slice(0, 80) });
  });
  await page.mouse.up();
  while (!drafted && Date.now() - t0 < 20000) await page.waitForTimeout(100);
  if (process.env.BENCH_TRACE_VERBOSE) console.error('after the drop:', got);
  await page.waitForTimeout(500);
  got = [];
  const root = page.locator('g.wf-node').first(), old = await root.getAttribute('transform');
  // The auto-layout is traced too: what the browser lays out and paints once the nodes moved (and the view fits them).
  const layoutEvents = [];
  cdp.removeAllListeners('Tracing.dataCollected'); cdp.on('Tracing.dataCollected', e => layoutEvents.push(...e.value));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'v8.execute', 'blink'], recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReportEvents' });
  t0 = Date.now();
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.waitForFunction(o => document.querySelector('g.wf-node').getAttribute('transform') !== o, old, { timeout: 60000 });
  const layoutMs = Date.now() - t0;
  await page.waitForTimeout(1500);
  const end = new Promise(r => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end'); await end;
  if (process.env.BENCH_TRACE_LAYOUT_FILE) writeFileSync(process.env.BENCH_TRACE_LAYOUT_FILE, JSON.stringify({ traceEvents: layoutEvents }));
  const autoLayoutFrames = layoutTrace(layoutEvents);
  const layoutFrames = got.length, layoutBytes = got.reduce((a, f) => a + f.bytes, 0);
  if (process.env.BENCH_TRACE_VERBOSE) console.error(got);
  await ctx.close();
  if (process.env.BENCH_TRACE_FILE) writeFileSync(process.env.BENCH_TRACE_FILE, JSON.stringify({ traceEvents: events }));
  // Only the renderer's main thread (the one with the pointermove dispatches).
  const main = events.find(e => e.name === 'EventDispatch' && e.args?.data?.type === 'pointermove');
  const on = events.filter(e => !main || (e.pid === main.pid && e.tid === main.tid));
  const named = n => on.filter(e => e.name === n && (e.ph === 'X' || e.ph === 'B'));
  const sum = xs => xs.reduce((a, b) => a + b, 0);
  const styles = named('UpdateLayoutTree').map(e => e.args?.elementCount ?? on.find(x => x.name === 'UpdateLayoutTree' && x.ph === 'E' && x.ts >= e.ts)?.args?.elementCount ?? 0);
  const layouts = named('Layout');
  const reasons = {};
  for (const e of on) {
    const d = e.args?.data;
    if (e.name === 'StyleRecalcInvalidationTracking' || e.name === 'StyleInvalidatorInvalidationTracking' || e.name === 'ScheduleStyleInvalidationTracking') {
      const k = `${e.name.replace('InvalidationTracking', '')}: ${d?.reason ?? (d?.invalidationSet ? 'invalidation set' : '?')} ${d?.nodeName ?? ''}`.trim();
      reasons[k] = (reasons[k] ?? 0) + 1;
    }
  }
  return {
    node: pick.id, links: pick.links, moves,
    pointermoves: on.filter(e => e.name === 'EventDispatch' && e.args?.data?.type === 'pointermove').length,
    styleRecalcs: styles.length, elementsRestyled: sum(styles), elementsRestyledPerFrame: r1(sum(styles) / (styles.length || 1)),
    elementsRestyledMax: Math.max(0, ...styles),
    layouts: layouts.length, layoutDirtyObjectsPerFrame: r1(sum(layouts.map(e => e.args?.beginData?.dirtyObjects ?? 0)) / (layouts.length || 1)),
    // How many layout objects the layout of a drag frame walked (the layout root's subtree).
    layoutTotalObjects: Math.max(0, ...layouts.map(e => e.args?.beginData?.totalObjects ?? 0)),
    prePaints: named('PrePaint').length, paints: named('Paint').length, hitTests: named('HitTest').length,
    // Which paint layers were repainted (a layer is repainted whole: the canvas SVG's layer holds every node).
    repaintedLayers: named('Paint').reduce((m, e) => { const k = e.args?.data?.nodeName ?? '?'; m[k] = (m[k] ?? 0) + 1; return m; }, {}),
    layerizations: named('PaintArtifactCompositor::Update').length,
    // Main-thread CPU (thread time, not wall time: less sensitive to a loaded machine) per drag frame of the frame's
    // lifecycle (style, layout, paint, layerization) and of the layerization step alone (a full one, or the cheaper
    // update of repainted layers).
    lifecycleCpuMsPerFrame: r2(sum(named('WebFrameWidgetImpl::UpdateLifecycle').map(e => e.tdur ?? 0)) / 1000 / moves),
    layerizeCpuMsPerFrame: r2(sum(named('Layerize').map(e => e.tdur ?? 0)) / 1000 / moves),
    invalidations: Object.fromEntries(Object.entries(reasons).sort((a, b) => b[1] - a[1]).slice(0, 12)),
    autoLayout: { ms: layoutMs, signalrFrames: layoutFrames, signalrBytes: layoutBytes, ...autoLayoutFrames },
  };
}

// What the browser did after the Auto-layout click (renderer main thread), counted: SVG text layouts (each text laid out
// again: a change of the view's scale lays out every SVG text), the layouts' dirty objects, and the thread time of the
// frames' lifecycle with its layout and paint (thread time: less sensitive to other load than wall time).
function layoutTrace(events) {
  const first = events.find(e => e.name === 'Layout');
  if (!first) return { svgTextLayouts: 0 };
  const on = events.filter(e => e.pid === first.pid && e.tid === first.tid && (e.ph === 'X' || e.ph === 'B'));
  const named = n => on.filter(e => e.name === n);
  const cpu = n => r1(named(n).reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000);
  const layouts = named('Layout');
  return {
    svgTextLayouts: named('SvgTextLayoutAlgorithm::Layout').length,
    layouts: layouts.length, layoutDirtyObjects: layouts.reduce((a, e) => a + (e.args?.beginData?.dirtyObjects ?? 0), 0),
    lifecycleCpuMs: cpu('WebFrameWidgetImpl::UpdateLifecycle'), layoutCpuMs: cpu('Layout'), paintCpuMs: cpu('Paint'),
  };
}

// The app's live managed heap (gcdump forces a full collection first), in bytes.
// BENCH_DUMPS=DIR keeps the dumps (heap-1.gcdump, heap-2.gcdump, …), to compare them by type (`dotnet-gcdump report`).
let dumps = 0;
function liveHeap() {
  const file = `/tmp/bench-canvas-${process.pid}.gcdump`;
  execFileSync('dotnet-gcdump', ['collect', '-p', process.env.BENCH_APP_PID, '-o', file], { stdio: 'ignore' });
  const report = execFileSync('dotnet-gcdump', ['report', file], { maxBuffer: 256 * 1024 * 1024 }).toString();
  if (process.env.BENCH_DUMPS) { mkdirSync(process.env.BENCH_DUMPS, { recursive: true }); copyFileSync(file, `${process.env.BENCH_DUMPS}/heap-${++dumps}.gcdump`); }
  rmSync(file, { force: true });
  // The report starts with the live heap's total: "  29,003,931  GC Heap bytes".
  const m = report.match(/([\d,]+)\s+GC Heap bytes/);
  if (!m) throw new Error('no "GC Heap bytes" line in the gcdump report');
  return +m[1].replace(/,/g, '');
}

if (process.argv.includes('--heap')) {
  // Extra heap of one editor circuit: the same editor opened and left open in fresh contexts. The first opening (JIT,
  // caches, the first circuit) is not counted.
  const runs = +arg('--runs', 3);
  const id = await create(`Heap ${nodeCount}`, big());
  const state = await context.storageState();
  const open = async () => {
    const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, storageState: state });
    ctx.setDefaultTimeout(120000);
    const p = await ctx.newPage(); await p.goto(editor(id));
    await p.waitForSelector(".wf-canvas[data-ready='true']", { timeout: 120000 });
    await p.waitForTimeout(1000);
    return ctx;
  };
  // What an open editor keeps: --editors N (default 5) more editors are opened between two heap states and the growth is
  // divided by N (one editor's growth is within the noise of the rest of the app), and each state is dumped twice with
  // the second dump counting: the first dump after opening editors still holds buffers the runtime lets go of right
  // after the full collection it forces (the pooled arrays of the first render's batch, the connections' pipes: two
  // back-to-back dumps of the same idle app differed by about 5 MB). The first-dump figure is printed too.
  const editors = +arg('--editors', 5);
  const settled = () => { const first = liveHeap(); return { first, settled: liveHeap() }; };
  await open();
  const deltas = [], firstDeltas = [];
  let before = settled();
  for (let i = 0; i < runs; i++) {
    for (let e = 0; e < editors; e++) await open();
    const after = settled();
    deltas.push((after.settled - before.settled) / editors); firstDeltas.push((after.first - before.first) / editors);
    console.error(`run ${i + 1}: +${((after.settled - before.settled) / editors / 1048576).toFixed(2)} MB per editor for ${editors} editors (first dump: +${((after.first - before.first) / editors / 1048576).toFixed(2)} MB; heap ${(after.settled / 1048576).toFixed(1)} MB)`);
    before = after;
  }
  console.log(JSON.stringify({ nodes: nodeCount, runs, editors, extraHeapPerEditorMBMedian: +(median(deltas) / 1048576).toFixed(2),
    firstDumpMBMedian: +(median(firstDeltas) / 1048576).toFixed(2) }, null, 2));
} else if (process.argv.includes('--trace')) {
  const id = await create(`Trace ${nodeCount}`, big());
  const r = await traceDrag(await context.storageState(), id);
  console.log(JSON.stringify({ nodes: nodeCount, ...r }, null, 2));
} else if (!shots) {
  const runs = +arg('--runs', 3);
  const id = await create(`Bench ${nodeCount}`, big());
  const state = await context.storageState();
  const all = [];
  for (let i = 0; i < runs; i++) { const r = await measure(state, id); all.push(r); console.error(`run ${i + 1}:`, JSON.stringify(r)); }
  const summary = { runs, config: process.env.BENCH_CONFIG ?? 'Release' };
  for (const k of Object.keys(all[0])) summary[k] = median(all.map(r => r[k]));
  console.log(JSON.stringify(summary, null, 2));
} else {
  mkdirSync(shots, { recursive: true });
  const tree = node('signup', [node('welcome', [node('email', [node('done')]), node('notify')]), node('vip', [node('notify', [node('done')]), node('skipped')])]);
  const id = await create('Welcome new users', tree);
  await create('Nightly digest', node('signup', [node('done')]));
  await page.goto(`/orgs/${org}/envs/${env}/workflows`);
  await page.getByText('Welcome new users').first().waitFor();
  await page.screenshot({ path: `${shots}/workflows-list.png` });
  await page.goto(editor(id));
  await page.waitForSelector(".wf-canvas[data-ready='true']");
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.waitForTimeout(800);
  await page.locator("g.wf-node[aria-label^='Prompt node']").first().click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${shots}/canvas.png` });
  // Mid-drag: the dragged node and its links are drawn by the drag layers until the drag ends.
  const grab = (await page.locator("g.wf-node[aria-label^='Prompt node']").first().boundingBox());
  await page.mouse.move(grab.x + grab.width / 2, grab.y + grab.height / 2 - 8); await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(grab.x + grab.width / 2 + i * 12, grab.y + grab.height / 2 - 8 + i * 6);
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${shots}/canvas-dragging.png` });
  await page.mouse.up(); await page.waitForTimeout(400);
  await page.screenshot({ path: `${shots}/canvas-dropped.png` });
  await page.keyboard.press('Control+z'); await page.waitForTimeout(400);
  // Refused: drag from a leaf's port onto the root (it would get a second parent... the root is an ancestor: a cycle).
  const port = page.locator("g.wf-node[aria-label^='Action node: Send email'] .wf-port");
  const rootNode = page.locator("g.wf-node[aria-label^='Event node']");
  await port.dragTo(rootNode);
  await page.locator('.wf-refusal').waitFor();
  await page.screenshot({ path: `${shots}/canvas-refused.png` });
  await page.locator('#wf-dryrun-message').fill('{"type":"user.signup","user":{"name":"Ada","email":"ada@example.com","plan":"vip"}}');
  await page.getByRole('button', { name: 'Run dry run' }).click();
  await page.locator('.wf-node.dry-on-path').first().waitFor();
  await page.locator("g.wf-node[aria-label^='Prompt node']").first().click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${shots}/canvas-dry-run.png` });
  console.log('screenshots in', shots);
}
await browser.close();
