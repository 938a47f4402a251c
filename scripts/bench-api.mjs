// API, static-file, first-visit and per-circuit benchmark, driven by scripts/bench-api.sh (which builds the app and
// installs wrk, playwright-core and dotnet-gcdump). Starts the built app itself (so it can restart it with SQL logging
// and knows the process to dump), seeds 1,000 variables, then measures:
//   - wrk, 50 connections, --duration per run, three interleaved rounds: GET /api/variables (limit=10) and GET /api/roles
//     with an API key; a new search term on every request vs one repeated term; a static file with and without the cookie;
//   - SQL statements per GET /api/variables (a restart with EF Core's command log at Information, one counted request);
//   - first visit on the wire: sign-in + home with every asset, bytes from Chromium's network events (CDP);
//   - managed heap per idle circuit on Variables: dotnet-gcdump before and after opening N circuits, three times.
// Every round goes to stderr as it finishes; the medians and the machine go to stdout.
import { createRequire } from 'node:module';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync, openSync, statSync, copyFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
const require = createRequire((process.env.BENCH_NODE_MODULES ?? `${process.env.HOME}/.cache/builder-bench/node_modules`) + '/');
const { chromium } = require('playwright-core');

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const has = name => process.argv.includes(name);
const duration = +arg('--duration', 15), connections = +arg('--connections', 50), rounds = +arg('--rounds', 3);
const variableCount = +arg('--variables', 1000), circuits = +arg('--circuits', 20);
const only = arg('--only', 'api,sql,visit,circuits').split(',');
const work = process.env.BENCH_WORK, port = process.env.BENCH_PORT, appDll = process.env.BENCH_APP_DLL;
const gcdump = process.env.BENCH_GCDUMP, wrkScript = new URL('./bench-api.lua', import.meta.url).pathname;
const base = `http://127.0.0.1:${port}`;
const log = (...xs) => console.error(...xs);
const median = xs => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sleep = ms => new Promise(r => setTimeout(r, ms));

// ---- the app -------------------------------------------------------------------------------------------------------
let app = null;
async function startApp(name, extraEnv = {}) {
  const out = openSync(join(work, `${name}.log`), 'a');
  app = spawn('dotnet', [appDll, '--urls', base], {
    cwd: process.env.BENCH_CONTENT_ROOT, stdio: ['ignore', out, out],
    env: { ...process.env, ASPNETCORE_ENVIRONMENT: 'Development', ConnectionStrings__Builder: `Data Source=${work}/builder.db`,
      Database__Seed: 'true', Logging__LogLevel__Default: 'Warning', ...extraEnv },
  });
  app.logFile = join(work, `${name}.log`);
  for (let i = 0; i < 600; i++) {
    if (app.exitCode !== null) throw new Error(`the app exited: see ${app.logFile}\n${readFileSync(app.logFile, 'utf8').slice(-3000)}`);
    try { if ((await fetch(`${base}/dev/sign-in`)).ok) return app; } catch { /* not listening yet */ }
    await sleep(500);
  }
  throw new Error('the app did not start in 300 s');
}
async function stopApp() {
  if (!app || app.exitCode !== null) return;
  const exited = new Promise(r => app.once('exit', r));
  app.kill('SIGTERM');
  await Promise.race([exited, sleep(15000)]);
  if (app.exitCode === null) app.kill('SIGKILL');
}
process.on('exit', () => { if (app && app.exitCode === null) app.kill('SIGKILL'); });

// ---- set-up: sign in, seed, key --------------------------------------------------------------------------------------
await startApp('app');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
async function signIn(context) {
  const page = await context.newPage();
  await page.goto(`${base}/dev/sign-in`);
  await page.locator("form button[name='email'][value='admin@acme.test']").click();
  await page.waitForURL(u => !u.pathname.startsWith('/dev/sign-in'));
  return page;
}
const setupContext = await browser.newContext({ baseURL: base });
const setupPage = await signIn(setupContext);
const api = async (method, url, data) => {
  const r = await setupPage.request.fetch(url, { method, data });
  if (!r.ok()) throw new Error(`${method} ${url}: ${r.status()} ${await r.text()}`);
  return r.json();
};
const session = await api('GET', '/api/auth/session');
const org = session.organizations.find(o => o.name === 'Acme Corp').id;
const env = (await api('GET', `/api/environments?organizationId=${org}&limit=100`)).data.find(e => e.name === 'Development').id;
const existing = (await api('GET', `/api/variables?organizationId=${org}&environmentId=${env}&limit=1`)).pagination?.total ?? 0;
log(`seeding ${variableCount} variables in Acme Corp / Development (${existing} there already)…`);
let next = 0;
await Promise.all(Array.from({ length: 8 }, async () => {
  for (let i = next++; i < variableCount; i = next++)
    await api('POST', '/api/variables', { environmentId: env, name: `BENCH_VAR_${String(i).padStart(4, '0')}`, value: `value-${i}` });
}));
const key = (await api('POST', '/api/api-keys', { organizationId: org, name: `bench ${Date.now()}` })).token;
const cookies = await setupContext.cookies();
const cookieHeader = cookies.map(c => `${c.name}=${c.value}`).join('; ');
const sessionCookieNames = cookies.map(c => c.name).join(', ');
const home = await (await setupPage.request.get('/')).text();
const appCss = home.match(/href="([^"]*app\.[^"]*\.css|app\.css)"/)?.[1] ?? 'app.css';
const mudCss = home.match(/href="(_content\/MudBlazor\/MudBlazor\.min[^"]*\.css)"/)?.[1];
log(`org ${org}, env ${env}; cookies: ${sessionCookieNames}; static file: /${appCss}; MudBlazor css: /${mudCss}`);
const variablesPath = `/api/variables?organizationId=${org}&environmentId=${env}&limit=10`;

// ---- wrk ------------------------------------------------------------------------------------------------------------
function wrk(path, headers = {}, search, seconds = duration) {
  const args = ['-t', '2', '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '-s', wrkScript];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  args.push(base + path);
  const out = execFileSync('wrk', args, { env: { ...process.env, BENCH_SEARCH: search ?? '' }, encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = out.split('\n').find(l => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no result:\n${out}`);
  return JSON.parse(line);
}
const auth = { Authorization: key };
const cases = [
  ['variables', () => wrk(variablesPath, auth)],
  ['roles', () => wrk('/api/roles', auth)],
  ['search-repeated', () => wrk(variablesPath, auth, 'zq0n0')],
  ['search-unique', () => wrk(variablesPath, auth, 'unique')],
  ['static-cookie', () => wrk(`/${appCss}`, { Cookie: cookieHeader })],
  ['static-none', () => wrk(`/${appCss}`)],
];
const results = Object.fromEntries(cases.map(([name]) => [name, []]));
if (only.includes('api')) {
  // A short warm-up of each case (JIT, caches, the pool) that is not counted.
  for (const [path, headers] of [[variablesPath, auth], ['/api/roles', auth], [`/${appCss}`, { Cookie: cookieHeader }]]) wrk(path, headers, undefined, 3);
  for (let round = 1; round <= rounds; round++)
    for (const [name, run] of cases) {
      const r = run(); results[name].push(r);
      log(`round ${round} ${name.padEnd(16)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p90 ${r.p90.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms` +
        (r.errors || r.non2xx ? `  errors ${r.errors} non-2xx ${r.non2xx}` : ''));
    }
}

// ---- first visit on the wire ------------------------------------------------------------------------------------------
let visit = null;
if (only.includes('visit')) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const requests = new Map(); let ws = 0;
  cdp.on('Network.responseReceived', e => { const r = requests.get(e.requestId) ?? {}; r.url = e.response.url; r.encoding = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? ''; requests.set(e.requestId, r); });
  cdp.on('Network.loadingFinished', e => { const r = requests.get(e.requestId) ?? {}; r.bytes = e.encodedDataLength; requests.set(e.requestId, r); });
  cdp.on('Network.webSocketFrameReceived', e => { ws += e.response.payloadData.length; });
  cdp.on('Network.webSocketFrameSent', e => { ws += e.response.payloadData.length; });
  await page.goto('/');                                          // → sign-in form
  await page.locator("form button[name='email'][value='admin@acme.test']").click();
  await page.waitForURL(u => !u.pathname.startsWith('/dev/sign-in'));
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('button[aria-label="Toggle navigation"]')?.disabled, null, { timeout: 60000 });
  await sleep(1000);
  const rows = [...requests.values()].filter(r => r.url && r.bytes !== undefined);
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  visit = { totalKB: +(total / 1024).toFixed(1), requests: rows.length, webSocketKB: +(ws / 1024).toFixed(1),
    largest: rows.sort((a, b) => b.bytes - a.bytes).slice(0, 6).map(r => `${(r.bytes / 1024).toFixed(1)} KB ${r.encoding || 'identity'} ${new URL(r.url).pathname}`) };
  log(`first visit: ${visit.totalKB} KB over ${visit.requests} HTTP responses (+ ${visit.webSocketKB} KB of WebSocket frames); largest:\n  ${visit.largest.join('\n  ')}`);
  await context.close();
}

// ---- managed heap per idle circuit on Variables -------------------------------------------------------------------------
const heap = [];
if (only.includes('circuits')) {
  const dumpHeap = label => {
    const file = join(work, `${label}.gcdump`);
    execFileSync(gcdump, ['collect', '-p', String(app.pid), '-o', file], { stdio: 'ignore' });
    // BENCH_DUMPS=DIR keeps the dumps, to compare them by type (`dotnet-gcdump report`).
    if (process.env.BENCH_DUMPS) { mkdirSync(process.env.BENCH_DUMPS, { recursive: true }); copyFileSync(file, join(process.env.BENCH_DUMPS, `${label}.gcdump`)); }
    const report = execFileSync(gcdump, ['report', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const bytes = report.match(/([\d,]+)\s+GC Heap bytes/i);
    if (!bytes) throw new Error(`no "GC Heap bytes" in the gcdump report:\n${report.slice(0, 1500)}`);
    return +bytes[1].replace(/,/g, '');
  };
  const variablesPage = `/orgs/${org}/envs/${env}/variables`;
  const state = await setupContext.storageState();
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, storageState: state });
  const open = async () => {
    const page = await context.newPage();
    await page.goto(variablesPage, { timeout: 120000 });
    // Interactive: the row buttons are enabled once the circuit renders the grid.
    await page.locator('button[aria-label^="Delete BENCH_VAR_"]:not([disabled])').first().waitFor({ timeout: 60000 });
    return page;
  };
  // Each state is dumped twice and the second dump counts: the first one still holds buffers the runtime lets go of
  // right after the full collection it forces (pooled arrays, connection pipes); see the README.
  const settled = label => { const first = dumpHeap(`${label}-first`); return { first, settled: dumpHeap(label) }; };
  const warm = await open(); await sleep(2000);                 // JIT and first-render caches, not counted
  let before = settled('circuits-0');
  for (let round = 1; round <= rounds; round++) {
    for (let i = 0; i < circuits; i++) await open();
    await sleep(2000);
    const after = settled(`circuits-${round}`);
    const per = (after.settled - before.settled) / circuits;
    heap.push(per);
    log(`round ${round} circuits: heap ${(before.settled / 1048576).toFixed(1)} → ${(after.settled / 1048576).toFixed(1)} MB for ${circuits} more circuits: ${(per / 1024).toFixed(0)} KB per circuit (first dump: ${((after.first - before.first) / circuits / 1024).toFixed(0)} KB)`);
    before = after;
  }
  await warm.close(); await context.close();
}
await browser.close();

// ---- SQL statements per request ---------------------------------------------------------------------------------------
let sql = null;
if (only.includes('sql')) {
  await stopApp();
  await startApp('app-sql', { 'Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command': 'Information', Logging__Console__FormatterName: 'simple' });
  const count = () => (readFileSync(app.logFile, 'utf8').match(/Executed DbCommand/g) ?? []).length;
  const get = async () => { const r = await fetch(base + variablesPath, { headers: auth }); if (!r.ok) throw new Error(`GET variables: ${r.status}`); await r.text(); };
  const settle = async () => { let last = -1, now = count(); while (now !== last) { await sleep(500); last = now; now = count(); } return now; };
  let start = await settle(); await get(); const first = await settle() - start;
  await get(); start = await settle(); const from = readFileSync(app.logFile, 'utf8').length; await get(); const steady = await settle() - start;
  sql = { first, steady };
  // The first line of each statement of the counted request, so a reader sees what they are.
  const statements = readFileSync(app.logFile, 'utf8').slice(from).split(/Executed DbCommand[^\n]*\n/).slice(1)
    .map(s => s.split('\n').map(l => l.trim()).find(l => l && !l.startsWith('info:')) ?? '');
  log(`SQL statements per GET /api/variables: ${first} on the first request after start, ${steady} on a later one:\n  ${statements.join('\n  ')}`);
}
await stopApp();

// ---- summary ----------------------------------------------------------------------------------------------------------
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\n== Builder API benchmark, ${new Date().toISOString()}, ${cpus().length} cores (${cpu}), ${process.env.BENCH_CONFIG} build`);
console.log(`wrk: ${connections} connections, ${duration} s per run, ${rounds} interleaved rounds; medians of the rounds`);
const m = name => results[name].length ? { rps: median(results[name].map(r => r.rps)), p90: median(results[name].map(r => r.p90)),
  p95: median(results[name].map(r => r.p95)), p99: median(results[name].map(r => r.p99)) } : null;
const row = (label, r) => r && console.log(`${label.padEnd(44)} ${r.rps.toFixed(0).padStart(7)} req/s   p95 ${r.p95.toFixed(1).padStart(6)} ms   (p90 ${r.p90.toFixed(1)}, p99 ${r.p99.toFixed(1)})`);
const [v, ro, sr, su, sc, sn] = ['variables', 'roles', 'search-repeated', 'search-unique', 'static-cookie', 'static-none'].map(m);
row('GET /api/variables?limit=10 (API key)', v);
row('GET /api/roles (API key)', ro);
if (v && ro) console.log(`  roles ÷ variables: ${(ro.rps / v.rps).toFixed(1)}×   (goal: under 4×)`);
row('variables, one repeated search term', sr);
row('variables, a new search term per request', su);
if (sr && su) console.log(`  repeated ÷ new term: ${(sr.rps / su.rps).toFixed(2)}×   (goal: within 1.5×)`);
row(`/${appCss} without a cookie`, sn);
row(`/${appCss} with the session cookie`, sc);
if (sc && sn) console.log(`  no cookie ÷ cookie: ${(sn.rps / sc.rps).toFixed(2)}×   (goal: within 1.2×)`);
if (sql) console.log(`SQL statements per GET /api/variables: ${sql.steady} (first request after start: ${sql.first})   (goal: at most 2)`);
if (visit) console.log(`first visit (sign-in + home, every asset): ${visit.totalKB} KB over ${visit.requests} responses, + ${visit.webSocketKB} KB WebSocket   (goal: ≤ 250 KB)`);
if (heap.length) console.log(`managed heap per idle circuit on Variables (${variableCount} rows, 10 shown): ${(median(heap) / 1024).toFixed(0)} KB   (rounds: ${heap.map(h => (h / 1024).toFixed(0)).join(', ')} KB; goal: ≤ 500 KB)`);
process.exit(0);
