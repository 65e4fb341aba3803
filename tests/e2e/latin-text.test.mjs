// A Thai reader sees Thai. Every example is run on the page in Thai (with its own sweep, a bad
// parameter and the wrong-way section opened), and the Thai course page's widgets are run; then
// every visible text node, through the widgets' shadow roots, is read, and any word in Latin
// letters fails the test unless it is code (inside <code>, <pre>, <kbd> or translate="no"),
// a unit, a number, an identifier, or one of the English terms Thai programmers keep (GLOSSARY).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, needsSite, openPage, runFromUi, screenshot, setParam, widgetsReady } from './browser.mjs';

const SITE_URL = process.env.SITE_URL ?? 'http://127.0.0.1:8080/';
const EXAMPLES = ['web-server', 'game-server', 'pipeline', 'message-queue', 'sensors'];

/**
 * The Rust and computing terms a Thai programming teacher writes in English, as Thai
 * programmers say them; anything else in Latin letters is an untranslated word.
 */
export const GLOSSARY = new Set([
  'Rust', 'rustc', 'cargo', 'crate', 'WebAssembly', 'wasm', 'JavaScript', 'JS', 'Node.js', 'Go', 'Java', 'Python',
  'C', 'C++', 'Erlang', 'Elixir', 'Chromium', 'Chrome', 'Firefox', 'Safari', 'Perfetto', 'JSON', 'HTTP', 'CPU',
  'thread', 'threads', 'OS', 'web', 'worker', 'workers', 'Mutex', 'RwLock', 'Arc', 'Rc', 'RefCell', 'Cell',
  'channel', 'channels', 'mpsc', 'Sender', 'Receiver', 'Send', 'Sync', 'lock', 'locks', 'async', 'await',
  'rayon', 'task', 'tasks', 'executor', 'actor', 'deadlock', 'data', 'race', 'sharded', 'shard', 'mutex',
  'rwlock', 'spawn', 'join', 'pool', 'SharedArrayBuffer', 'Atomics', 'atomic', 'Amdahl', 'p50', 'p99', 'GC',
  'COOP', 'COEP', 'CSP', 'coi-serviceworker', 'service', 'goroutine', 'goroutines', 'Tokio', 'tokio',
  'IoT', 'API', 'ID', 'id', 'bounded', 'unbounded', 'rendezvous', 'borrow', 'checker', 'ownership',
  'trait', 'Ordering', 'SeqCst', 'Relaxed', 'stack', 'heap', 'event', 'loop', 'epoll', 'I/O', 'RAM',
]);
/** Units shown with numbers. */
const UNITS = /^(ms|µs|ns|s|B|KB|KiB|MB|MiB|GB|GiB|px|x|k|M)$/;
/** What counts as an identifier: camelCase, kebab-case, snake_case, a path or a call. */
const IDENTIFIER = /^[a-z]+[A-Z][A-Za-z0-9]*$|^[a-z0-9]+(-[a-z0-9]+)+$|^[A-Za-z0-9]+(_[A-Za-z0-9]+)+$|[/.:()]|^E\d{4}$/;

/** Every visible text node's Latin words that are none of the above, with where they are. */
async function latinWords(page) {
  const found = await page.evaluate(() => {
    const skip = 'code, pre, kbd, samp, script, style, [translate="no"], [hidden], template';
    const out = [];
    const walk = (root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.currentNode; node; node = walker.nextNode()) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          if (node.shadowRoot) walk(node.shadowRoot);
          continue;
        }
        const parent = node.parentElement;
        if (!parent || parent.closest(skip) || !/[A-Za-z]/.test(node.data)) continue;
        if (!parent.checkVisibility({ visibilityProperty: true })) continue;
        const where = parent.closest('[id]')?.id ?? parent.tagName.toLowerCase();
        out.push({ text: node.data.trim(), where: `${where} > ${parent.tagName.toLowerCase()}.${parent.className}` });
      }
    };
    walk(document.body);
    // Labels read aloud but not shown count too: a screen reader speaks them in Thai.
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const text = el.getAttribute(name);
        if (text && /[A-Za-z]/.test(text) && !el.closest('[translate="no"]')) out.push({ text, where: `${el.tagName.toLowerCase()}[${name}]` });
      }
    }
    return out;
  });
  const bad = [];
  for (const { text, where } of found) {
    const words = text.match(/[A-Za-z][A-Za-z0-9_+'./:()-]*[A-Za-z0-9+)]|[A-Za-z]/g) ?? [];
    const untranslated = words.filter((w) => !GLOSSARY.has(w) && !UNITS.test(w) && !IDENTIFIER.test(w));
    if (untranslated.length) bad.push(`${where}: "${text}" (${untranslated.join(', ')})`);
  }
  return bad;
}

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('the page in Thai: every example run, its sweep, a bad parameter and the wrong way', needsSite('SITE_URL'), async () => {
  const { page, problems } = await openPage(context, '?lang=th');
  assert.equal(await page.getAttribute('html', 'lang'), 'th');
  const bad = [];
  for (const example of EXAMPLES) {
    await page.click(`#example-tabs [data-id="${example}"]`);
    await runFromUi(page, 120_000);
    await page.$$eval('details', (all) => { for (const d of all) d.open = true; });
    await page.waitForFunction(() => !document.querySelector('.wrong-way [aria-busy="true"]'), null, { timeout: 30_000 });
    bad.push(...(await latinWords(page)).map((b) => `${example}: ${b}`));
    if (example === 'pipeline') await screenshot(page, 'thai-page-pipeline');
  }
  // An error shown in Thai names the parameter and its range in Thai.
  await setParam(page, 'threads', 0);
  await runFromUi(page);
  assert.ok(await page.isVisible('#error'));
  bad.push(...(await latinWords(page)).map((b) => `error: ${b}`));
  assert.deepEqual(bad, [], `Latin words a Thai reader would see:\n${bad.join('\n')}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Thai course page: its widgets run in Thai', needsSite('SITE_URL'), async () => {
  const page = await context.newPage();
  await page.goto(`${SITE_URL}course-th.html`);
  await widgetsReady(page);
  for (const widget of await page.$$('concurrency-playground')) {
    await widget.$eval('button.run', (b) => b.click());
  }
  await page.waitForFunction(() => [...document.querySelectorAll('concurrency-playground')]
    .every((w) => w.shadowRoot.querySelector('.widget').dataset.state === 'ready' && w.shadowRoot.querySelector('.checks')),
  null, { timeout: 120_000 });
  const bad = await latinWords(page);
  assert.deepEqual(bad, [], `Latin words a Thai reader would see:\n${bad.join('\n')}`);
  await page.close();
});

test('the check can fail: an English sentence on the Thai page is found', needsSite('SITE_URL'), async () => {
  const { page } = await openPage(context, '?lang=th');
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'Press Run to see what the threads did.';
    document.body.append(p);
  });
  const bad = await latinWords(page);
  assert.equal(bad.length, 1);
  assert.match(bad[0], /Press, Run, to, see, what/);
  await page.close();
});
