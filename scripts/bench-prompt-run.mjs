// Prompt-template run benchmark against a running Builder (see bench-prompt-run.sh). It starts its own OpenAI-compatible
// chat-completions server on a free loopback port (answers at once; a streamed answer sends its first words, notes the time,
// waits --gap ms, then sends the rest), creates a model pointing at it and a template through the API, then measures:
//   overhead: POST …/execute round trip minus the latencyMs the answer reports (the model call as the gateway timed it);
//   first token: the first chunk's send time (server) → the moment its words are in the Run output (page, MutationObserver),
//                both as performance.timeOrigin + performance.now() on this machine's clock.
// Usage: node bench-prompt-run.mjs BASE_URL [--requests 200] [--runs 15] [--gap 400] [--screenshots DIR]
// Prints each first-token run on stderr, the medians on stdout.
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { mkdirSync } from 'node:fs';
const require = createRequire((process.env.BENCH_NODE_MODULES ?? '/tmp/bench-node/node_modules') + '/');
const { chromium } = require('playwright-core');

const base = process.argv[2] ?? 'http://127.0.0.1:5091';
const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const requests = +arg('--requests', 200);
const runs = +arg('--runs', 15);
const gap = +arg('--gap', 400);
const shots = arg('--screenshots', null);
const now = () => performance.timeOrigin + performance.now();
const median = xs => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * q))]; };
const r1 = v => +v.toFixed(1);

// ---- the local model server ----
const firstSent = new Map(); // marker → when its chunk was written
let counter = 0;
const model = createServer((req, res) => {
  let body = '';
  req.on('data', c => body += c);
  req.on('end', async () => {
    const json = JSON.parse(body || '{}');
    const prompt = (json.messages ?? []).map(m => typeof m.content === 'string' ? m.content : '').join(' ');
    const words = prompt.split(/\s+/).filter(Boolean).length;
    const id = `chatcmpl-bench${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = { prompt_tokens: words, completion_tokens: 6, total_tokens: words + 6 };
    if (!json.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, object: 'chat.completion', created, model: json.model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hello Ada, welcome aboard the ship.' }, finish_reason: 'stop' }], usage }));
      return;
    }
    // The marker is the prompt's last word (the page asks for it), so each run's first words are its own.
    const marker = prompt.trim().split(/\s+/).pop();
    const chunk = (delta, finish = null) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: json.model,
      choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(chunk({ role: 'assistant', content: '' }));
    res.write(chunk({ content: marker }), () => firstSent.set(marker, now()));
    await new Promise(r => setTimeout(r, gap));
    for (const w of [' and', ' the', ' rest', ' of', ' the', ' answer.']) res.write(chunk({ content: w }));
    res.write(chunk({}, 'stop'));
    if (json.stream_options?.include_usage)
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: json.model, choices: [], usage })}\n\n`);
    res.end('data: [DONE]\n\n');
  });
});
await new Promise(r => model.listen(0, '127.0.0.1', r));
const modelUrl = `http://127.0.0.1:${model.address().port}/v1/chat/completions`;

// ---- the Builder: sign in, a model, a template ----
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
context.setDefaultTimeout(120000);
const page = await context.newPage();
await page.goto('/dev/sign-in');
await page.locator("form button[name='email'][value='admin@acme.test']").click();
await page.waitForURL(u => !u.pathname.startsWith('/dev/sign-in'));
const cookie = (await context.cookies()).map(c => `${c.name}=${c.value}`).join('; ');
const api = async (method, url, data) => {
  const r = await fetch(base + url, { method, headers: { cookie, 'content-type': 'application/json' }, body: data ? JSON.stringify(data) : undefined });
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
  return r.json();
};
const session = await api('GET', '/api/auth/session');
const org = session.organizations.find(o => o.name === 'Acme Corp').id;
const stamp = Date.now().toString(36);
const created = await api('POST', '/api/models', { organizationId: org, name: `Bench ${stamp}`, modelUrl, modelName: 'bench-model',
  token: 'sk-bench-0123456789abcdef0123456789abcdef', timeoutSeconds: 30 });
const template = await api('POST', '/api/prompt-templates', { organizationId: org, name: `Bench ${stamp}`, modelId: created.id,
  promptText: 'Write a short welcome for {{userName}} and begin with {{marker}}', variables: { userName: 'string', marker: 'string' },
  variableSets: [{ name: 'Bench', values: { userName: 'Ada', marker: 'first' } }] });

// ---- (a) execution overhead ----
const execute = async () => {
  const started = now();
  const r = await fetch(`${base}/api/prompt-templates/${template.id}/execute`, { method: 'POST',
    headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ variableSet: 'Bench' }) });
  const answer = await r.json();
  const roundTrip = now() - started;
  if (!r.ok) throw new Error(`execute: ${r.status} ${JSON.stringify(answer)}`);
  return { roundTrip, model: answer.latencyMs, overhead: roundTrip - answer.latencyMs };
};
for (let i = 0; i < 20; i++) await execute(); // warm-up: JIT, connection pools
const samples = [];
for (let i = 0; i < requests; i++) samples.push(await execute());
const overhead = samples.map(s => s.overhead), roundTrips = samples.map(s => s.roundTrip), modelMs = samples.map(s => s.model);

// ---- (b) first streamed token on screen ----
await page.goto(`/orgs/${org}/prompt-templates/${template.id}`);
await page.locator("[data-testid='run-button']:not([disabled])").waitFor();
// Values typed in, so each run carries its own marker word.
await page.locator('.run-set-select .mud-input-control, .run-set-select.mud-input-control').first().click();
await page.locator('.mud-popover-open .mud-list-item', { hasText: 'Enter values…' }).click();
await page.locator('#run-value-userName').fill('Ada');
await page.evaluate(() => {
  window.__bench = { marker: null, seenAt: null };
  new MutationObserver(() => {
    const b = window.__bench;
    if (!b.marker || b.seenAt) return;
    const output = document.querySelector("[data-testid='run-output']");
    if (output && output.textContent.includes(b.marker)) b.seenAt = performance.timeOrigin + performance.now();
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
});
const firstToken = [];
for (let i = 0; i <= runs; i++) { // run 0 warms up
  const marker = `w${stamp}x${i}`;
  await page.locator('#run-value-marker').fill(marker);
  await page.locator('#run-value-marker').blur();
  await page.evaluate(m => { window.__bench.marker = m; window.__bench.seenAt = null; }, marker);
  await page.locator("[data-testid='run-button']:not([disabled])").click();
  await page.waitForFunction(() => window.__bench.seenAt !== null, null, { timeout: 30000 });
  if (i === 1 && shots) { mkdirSync(shots, { recursive: true }); await page.screenshot({ path: `${shots}/bench-streaming.png`, fullPage: true }); }
  await page.locator("[data-testid='run-card'][data-status='finished']").waitFor({ timeout: 30000 });
  const seenAt = await page.evaluate(() => window.__bench.seenAt);
  const sentAt = firstSent.get(marker);
  if (sentAt === undefined) throw new Error(`the model server never streamed ${marker}`);
  if (i > 0) { firstToken.push(seenAt - sentAt); console.error(`run ${i}: first token on screen ${r1(seenAt - sentAt)} ms after the server sent it`); }
}

await browser.close();
model.close();
console.log(`prompt-template runs, ${new Date().toISOString()}, ${base}`);
console.log(`(a) execute overhead without the model's time: median ${r1(median(overhead))} ms, p90 ${r1(pct(overhead, 0.9))} ms ` +
  `(round trip median ${r1(median(roundTrips))} ms, model call median ${r1(median(modelMs))} ms; ${requests} requests)   goal < 15 ms`);
console.log(`(b) first streamed token on screen after the server sent it: median ${r1(median(firstToken))} ms, ` +
  `max ${r1(Math.max(...firstToken))} ms (${runs} runs)   goal < 100 ms`);
