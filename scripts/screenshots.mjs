// Page tour: every console page in light and dark, at 1440 and 390 px, as PNGs to look at before calling a UI done.
// Usage: node screenshots.mjs BASE_URL OUT_DIR [--only substring] [--user admin@acme.test]
// Signs in with the development sign-in, creates one of each resource through the API so that editors and lists have
// something to show, then visits each page and waits for the interactive render before the screenshot.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
const require = createRequire((process.env.BENCH_NODE_MODULES ?? '/tmp/bench-node/node_modules') + '/');
const { chromium } = require('playwright-core');

const [base, out] = [process.argv[2], process.argv[3]];
const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const only = arg('--only', '');
const user = arg('--user', 'admin@acme.test');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
const signIn = async (email) => {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(60000);
  const page = await context.newPage();
  await page.goto('/dev/sign-in');
  await page.locator(`form button[name='email'][value='${email}']`).click();
  await page.waitForURL(u => !u.pathname.startsWith('/dev/sign-in'));
  return { context, page };
};
const { context, page } = await signIn(user);
const api = async (method, url, data) => {
  const r = await page.request.fetch(url, { method, data });
  if (!r.ok()) throw new Error(`${method} ${url}: ${r.status()} ${await r.text()}`);
  return r.status() === 204 ? null : r.json();
};

// Something to show: one of each resource in the first organization and environment.
const session = await api('GET', '/api/auth/session');
const org = session.organizations[0].id;
const env = (await api('GET', `/api/environments?organizationId=${org}&limit=100`)).data[0].id;
const tag = Date.now().toString(36);
const model = await api('POST', '/api/models', { organizationId: org, name: `Tour model ${tag}`, provider: 'openai',
  modelUrl: 'http://127.0.0.1:9/v1/chat/completions', modelName: 'gpt-4o-mini', token: 'tour-token' }).catch(() => null);
const template = await api('POST', '/api/prompt-templates', { organizationId: org, name: `Tour template ${tag}`,
  promptText: 'Hello {{name}}, thanks for writing about {{topic}}. We are glad you asked!', modelId: model?.id,
  variables: { name: 'string', topic: 'string' }, variableSets: [{ name: 'Happy user', values: { name: 'Ada', topic: 'billing' } }] }).catch(() => null);
const EVENT_TYPE = '0b8f3c2e-0001-4a6b-9d3e-000000000001';
const entity = await api('POST', '/api/workflow-entities', { organizationId: org, name: `Tour event ${tag}`, workflowEntityTypeId: EVENT_TYPE,
  condition: { type: 'group', operator: 'AND', conditions: [{ type: 'rule', field: 'message.type', comparison: 'equals', value: 'signup' }] } })
  .catch(e => { console.error(e.message); return null; });
const workflow = entity && await api('POST', '/api/workflows', { organizationId: org, environmentId: env, name: `Tour workflow ${tag}`,
  workflowData: { root: { id: 'n1', name: 'User signs up', entityId: entity.id, entityType: 'Event',
    presentation: { type: 'circle', position: { x: 80, y: 80 } }, children: [] } } }).catch(e => { console.error(e.message); return null; });

const pages = [
  ['home', '/'],
  ['organizations', '/orgs'],
  ['organization', `/orgs/${org}`],
  ['environments', `/orgs/${org}/environments`],
  ['variables', `/orgs/${org}/envs/${env}/variables`],
  ['members', `/orgs/${org}/members`],
  ['api-keys', `/orgs/${org}/settings/api-keys`],
  ['audit', `/orgs/${org}/audit`],
  ['models', `/orgs/${org}/models`],
  ['workflows', `/orgs/${org}/envs/${env}/workflows`],
  ['workflow-editor', workflow && `/orgs/${org}/envs/${env}/workflows/${workflow.id}`],
  ['entities', `/orgs/${org}/entities`],
  ['entity-new', `/orgs/${org}/entities/new`],
  ['entity-editor', entity && `/orgs/${org}/entities/${entity.id}`],
  ['prompt-templates', `/orgs/${org}/prompt-templates`],
  ['prompt-template-editor', template && `/orgs/${org}/prompt-templates/${template.id}`],
  ['prompts', `/orgs/${org}/prompts`],
  ['system-models', '/system/models'],
  ['api-docs', '/api-docs'],
].filter(([name, url]) => url && name.includes(only));

let count = 0;
for (const theme of ['light', 'dark']) {
  await context.addCookies([{ name: 'builder.theme', value: theme, url: base }]);
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
    for (const [name, url] of pages) {
      await page.goto(url);
      // Interactive: Blazor's circuit is up when the theme toggle (or any button) is enabled.
      await page.waitForLoadState('networkidle').catch(() => {});
      await page.waitForTimeout(400);
      // The whole page, by making the viewport as tall as the page: a fullPage capture resizes the view mid-capture, and
      // MudBlazor's responsive drawer reacts to that by overlapping the content, which no real window shows.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width, height: Math.min(Math.max(height, width > 600 ? 900 : 844), 6000) });
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/${name}-${width}-${theme}.png` });
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      count++;
    }
  }
}
console.log(`${count} screenshots in ${out}`);
await browser.close();
