// Prompt-template history benchmark against a running Builder: signs in as Acme's admin, creates a template with
// --versions N (default 500) versions of a --size BYTES (default ~5 KB) text through the API, then measures the editor's
// history in headless Chromium, each run in a fresh browser context. Usage:
//   node bench-prompt-history.mjs BASE_URL [--versions 500] [--runs 5] [--size 5000]
// Prints each run on stderr and the per-measure median on stdout (JSON). Timings of clicks are taken in the page: from the
// click to the first animation frame after the expected element is in the DOM (the server's query, the render and the
// SignalR round trip included). openTo* are from the navigation's start (the whole editor page, prerendered, then live);
// historyNextPage/LastPage/FirstPageAgain are the panel's paging; diff* the click on Compare (or Inline) → the diff.
import { createRequire } from 'node:module';
const require = createRequire((process.env.BENCH_NODE_MODULES ?? '/tmp/bench-node/node_modules') + '/');
const { chromium } = require('playwright-core');

const base = process.argv[2] ?? 'http://127.0.0.1:5080';
const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const versions = +arg('--versions', 500);
const runs = +arg('--runs', 5);
const size = +arg('--size', 5000);
const PAGE = 10; // the panel's page size

const median = xs => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const r1 = v => +v.toFixed(1);

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

// The text: lines of prose with {{variables}}, about --size bytes. Version v appends "(edit v)" to line v mod lines, so
// neighbouring versions differ in one line and distant ones (v1 and vN) in every line.
const words = 'the a customer welcome message should be warm short clear friendly and mention product plan trial support team'.split(' ');
const lineCount = Math.max(1, Math.round(size / 85));
const base0 = Array.from({ length: lineCount }, (_, i) => {
  let line = `${i + 1}. Dear {{userName}},`;
  for (let k = 0; line.length < 78; k++) line += ' ' + words[(i * 7 + k * 3) % words.length];
  return line + '.';
});
const textOf = v => {
  const lines = [...base0];
  for (let e = 2; e <= v; e++) { const k = e % lineCount; lines[k] = `${base0[k]} (edit ${e})`; }
  return lines.join('\n');
};
const t0 = Date.now();
const created = await api('POST', '/api/prompt-templates', {
  organizationId: org, name: `History bench ${Date.now().toString(36)}`, description: 'A long history',
  promptText: textOf(1), variables: { userName: 'string' }, message: 'Version 1',
});
for (let v = 2; v <= versions; v++)
  await api('PUT', `/api/prompt-templates/${created.id}`, { promptText: textOf(v), message: `Edit ${v}: line ${v % lineCount + 1}` });
await api('PUT', `/api/prompt-templates/${created.id}/labels/production`, { version: Math.max(1, versions - 20) });
await api('PUT', `/api/prompt-templates/${created.id}/labels/staging`, { version: versions });
const check = await api('GET', `/api/prompt-templates/${created.id}`);
if (check.version !== versions) throw new Error(`the template is at version ${check.version}, not ${versions}`);
console.error(`created ${versions} versions of ${Buffer.byteLength(textOf(versions))} bytes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const editor = `/orgs/${org}/prompt-templates/${created.id}`;

// The API's share, for reference: a page of the history and one version's full content (20 calls each, median).
const timedGet = async url => { const s = performance.now(); await api('GET', url); return performance.now() - s; };
const apiPage = [], apiVersion = [];
for (let i = 0; i < 20; i++) {
  apiPage.push(await timedGet(`/api/prompt-templates/${created.id}/versions?page=${1 + (i * 7) % Math.ceil(versions / PAGE)}&limit=${PAGE}`));
  apiVersion.push(await timedGet(`/api/prompt-templates/${created.id}/versions/${1 + (i * 37) % versions}`));
}

/** Clicks `click` in the page and resolves with the ms until the frame after `ready` (a selector) is in the DOM. */
const timedClick = (p, click, ready) => p.evaluate(([click, ready]) => new Promise((resolve, reject) => {
  const target = document.querySelector(click);
  if (!target) return reject(new Error(`nothing to click at ${click}`));
  if (document.querySelector(ready)) return reject(new Error(`${ready} is there before the click`));
  let done = false;
  const finish = () => {
    if (done || !document.querySelector(ready)) return;
    done = true; observer.disconnect();
    void document.body.offsetHeight; // style and layout of the new content
    requestAnimationFrame(() => resolve(performance.now() - t0));
  };
  const observer = new MutationObserver(finish);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  setTimeout(() => { if (!done) { observer.disconnect(); reject(new Error(`timed out waiting for ${ready}`)); } }, 60000);
  const t0 = performance.now();
  target.click();
}), [click, ready]);

const row = v => `[data-testid='version-history'] tr[data-version='${v}']`;

async function measure(state) {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, storageState: state });
  ctx.setDefaultTimeout(120000);
  const p = await ctx.newPage();
  const results = {};
  await p.goto(editor, { waitUntil: 'commit' });
  // Open: navigation → the first page of versions in the DOM (prerendered), and → usable (the circuit is live and the
  // compare ticks are enabled).
  await p.waitForFunction(s => document.querySelector(s), row(versions), { polling: 'raf', timeout: 120000 });
  results.openToFirstPageMs = r1(await p.evaluate(() => performance.now()));
  const tick = v => `input[aria-label='Compare version ${v}']`;
  await p.waitForFunction(s => { const e = document.querySelector(s); return e && !e.disabled; }, tick(versions), { polling: 'raf', timeout: 120000 });
  results.openToInteractiveMs = r1(await p.evaluate(() => performance.now()));
  const rows = await p.locator("[data-testid='version-history'] tbody tr").count();
  if (rows !== Math.min(PAGE, versions)) throw new Error(`the first page has ${rows} rows`);

  // Paging: Older three times (each a new page from the server), then the last page and back to the first.
  const older = [];
  for (let i = 1; i <= 3 && versions > i * PAGE; i++)
    older.push(await timedClick(p, "button[aria-label='Older versions']", row(versions - i * PAGE)));
  results.historyNextPageMs = r1(median(older));
  results.historyLastPageMs = r1(await timedClick(p, "button[aria-label='Oldest versions']", row(1)));
  results.historyFirstPageAgainMs = r1(await timedClick(p, "button[aria-label='Newest versions']", row(versions)));

  // Diff: v1 with vN (every line differs), then the two newest (one line differs), each from the click on Compare to the
  // side-by-side diff on screen; then the switch to inline.
  const compare = async (a, b) => {
    for (const v of [a, b]) {
      if (!(await p.locator(row(v)).count())) throw new Error(`version ${v} is not on the page`);
      await p.locator(tick(v)).check();
    }
    const ms = await timedClick(p, "[data-testid='compare-button']", "[data-testid='version-compare'] .text-diff-grid .text-diff-row:not(.text-diff-head)");
    const inline = await timedClick(p, "[data-testid='version-compare'] button[data-mode='inline']", "[data-testid='version-compare'] pre.text-diff-inline");
    await p.click("button[aria-label='Close the comparison']");
    await p.waitForSelector("[data-testid='version-compare']", { state: 'detached' });
    for (const v of [a, b]) await p.locator(tick(v)).uncheck();
    return { ms, inline };
  };
  const newest = await compare(versions - 1, versions);
  results.diffNeighboursMs = r1(newest.ms);
  results.diffNeighboursInlineMs = r1(newest.inline);
  // v1 is on the last page: tick it there, then go to the first page and tick vN.
  await timedClick(p, "button[aria-label='Oldest versions']", row(1));
  await p.locator(tick(1)).check();
  await timedClick(p, "button[aria-label='Newest versions']", row(versions));
  await p.locator(tick(versions)).check();
  const far = await timedClick(p, "[data-testid='compare-button']", "[data-testid='version-compare'] .text-diff-grid .text-diff-row:not(.text-diff-head)");
  results.diffFirstAndLastMs = r1(far);
  results.diffFirstAndLastInlineMs = r1(await timedClick(p, "[data-testid='version-compare'] button[data-mode='inline']",
    "[data-testid='version-compare'] pre.text-diff-inline"));
  results.diffFirstAndLastSummary = await p.evaluate(() => document.querySelector('.text-diff-summary')?.textContent ?? '');
  await ctx.close();
  return results;
}

const state = await context.storageState();
const all = [];
for (let i = 0; i < runs; i++) { const r = await measure(state); all.push(r); console.error(`run ${i + 1}:`, JSON.stringify(r)); }
const summary = { versions, textBytes: Buffer.byteLength(textOf(versions)), runs, config: process.env.BENCH_CONFIG ?? 'Release' };
for (const k of Object.keys(all[0])) summary[k] = typeof all[0][k] === 'number' ? median(all.map(r => r[k])) : all[0][k];
summary.apiVersionsPageMs = r1(median(apiPage));
summary.apiVersionMs = r1(median(apiVersion));
summary.goalMs = 200;
console.log(JSON.stringify(summary, null, 2));
await browser.close();
