// A Thai reader sees Thai. Every example is run on the page in Thai (with the wrong-way section
// and the code opened; then the measures, a deadlock and a bad parameter), and the Thai course page's widgets are run; then
// every visible text node, through the widgets' shadow roots (their code and exercises open), is read, and any word in Latin
// letters fails the test unless it is code (inside <code>, <pre>, <kbd> or translate="no"),
// a unit, a number, an identifier, or one of the English terms Thai programmers keep (GLOSSARY).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, needsSite, openAllDetails, openPage, runFromUi, screenshot, setParam, widgetsReady } from './browser.mjs';

const SITE_URL = process.env.SITE_URL ?? 'http://127.0.0.1:8080/';
const EXAMPLES = ['web-server', 'game-server', 'pipeline', 'message-queue', 'sensors'];

/**
 * The words a Thai programming teacher writes in English, as Thai programmers say them: Rust's
 * and computing's terms (the "Mutex, Arc, channel, thread" and their kin), and the names
 * of things. A Latin word outside this list, code, units, numbers and identifiers is a word left
 * untranslated. Add to it only a term a Thai course would keep in English.
 */
export const GLOSSARY = new Set([
  // Rust, its types and what the chapter does with them.
  'Rust', 'rustc', 'cargo', 'crate', 'Mutex', 'RwLock', 'Arc', 'Rc', 'RefCell', 'Cell', 'Vec', 'mpsc',
  'Send', 'Sync', 'Sender', 'Receiver', 'spawn', 'join', 'thread', 'threads', 'lock', 'locks', 'channel', 'channels', 'sender', 'receiver', 'send',
  'async', 'await', 'future', 'task', 'tasks', 'executor', 'runtime', 'rayon', 'closure', 'capture', 'scope',
  'guard', 'drop', 'clone', 'push', 'handle', 'reference', 'count', 'pointer', 'shared', 'local', 'type',
  'trait', 'ownership', 'borrow', 'atomic', 'Atomics', 'SharedArrayBuffer', 'heap', 'stack', 'buffer',
  // Concurrency and systems terms kept in English in Thai teaching.
  'concurrency', 'Concurrency', 'worker', 'workers', 'web', 'pool', 'deadlock', 'race', 'data', 'actor',
  'native', 'state', 'machine', 'producer', 'consumer', 'aggregator', 'sensor', 'region', 'action', 'chunk', 'element',
  'backpressure', 'burst', 'throughput', 'latency', 'speedup', 'timeline', 'trace', 'event', 'checksum', 'hash',
  'connection', 'request', 'client', 'server', 'socket', 'kernel', 'address', 'parse', 'route', 'origin',
  'strategy', 'bounded', 'unbounded', 'rendezvous', 'p50', 'p99', 'Amdahl', 'CPU', 'RAM', 'OS', 'I/O',
  'wasm', 'WebAssembly', 'JavaScript', 'JSON', 'HTTP', 'COOP', 'COEP', 'CSP', 'API', 'IoT', 'GC',
  // Names: languages, programs, sites, keys on the keyboard.
  'Node.js', 'Go', 'Java', 'Python', 'C', 'C++', 'Erlang', 'Linux', 'Chromium', 'Chrome', 'Perfetto',
  'Stack', 'Overflow', 'Enter', 'Ctrl', 'Tab', 'Esc', 'Home', 'End', 'goroutine', 'goroutines', 'Tokio',
]);
/** Units shown with numbers. */
const UNITS = /^(ms|µs|ns|s|B|KB|KiB|MB|MiB|GB|GiB|px|x|k|M)$/;
/**
 * What counts as an identifier: camelCase, PascalCase with two capitals (`GameState`),
 * kebab-case, snake_case, a path or a call, rustc's `error[E0382]`.
 */
const IDENTIFIER = /^[a-z]+[A-Z][A-Za-z0-9]*$|^[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*$|^[a-z0-9]+(-[a-z0-9]+)+$|^[A-Za-z0-9]+(_[A-Za-z0-9]+)+$|[/.:()]|^E\d{4}$|^error\[E\d{4}\]$/;

/** Every visible text node's Latin words that are none of the above, with where they are. */
async function latinWords(page) {
  const found = await page.evaluate(() => {
    // Code, and what is marked as another language (the switch's "English" is lang="en").
    const skip = 'code, pre, kbd, samp, script, style, [translate="no"], [hidden], template, [lang]:not([lang|="th"])';
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
        if (text && /[A-Za-z]/.test(text) && !el.closest('[translate="no"], [lang]:not([lang|="th"])')) out.push({ text, where: `${el.tagName.toLowerCase()}[${name}]` });
      }
    }
    return out;
  });
  const bad = [];
  for (const { text, where } of found) {
    // Numbers go first, hexadecimal ones (a checksum's 0x94…) included.
    const words = text.replace(/\b0x[0-9a-f]+\b/gi, ' ')
      .match(/[A-Za-z][A-Za-z0-9_+'./:()[\]-]*[A-Za-z0-9+)\]]|[A-Za-z]/g) ?? [];
    const untranslated = words.filter((w) => !GLOSSARY.has(w) && !UNITS.test(w) && !IDENTIFIER.test(w));
    if (untranslated.length) bad.push(`${where}: "${text}" (${untranslated.join(', ')})`);
  }
  return bad;
}

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('the page in Thai: every example run, the measures, a deadlock, a bad parameter and the wrong way', { ...needsSite('SITE_URL'), timeout: 600_000 }, async () => {
  const { page, problems } = await openPage(context, '?lang=th');
  assert.equal(await page.getAttribute('html', 'lang'), 'th');
  const bad = [];
  for (const example of EXAMPLES) {
    await page.click(`#example-tabs [data-id="${example}"]`);
    await runFromUi(page, 120_000);
    await openAllDetails(page);
    bad.push(...(await latinWords(page)).map((b) => `${example}: ${b}`));
    if (example === 'pipeline') await screenshot(page, 'thai-page-pipeline');
  }
  // The measures: 1 vs all threads, the speedup curve and the example's own sweep (small runs).
  await page.click('#example-tabs [data-id="pipeline"]');
  await setParam(page, 'items', 20000);
  for (const button of ['#compare', '#speedup', '#sweep']) {
    await page.click(button);
    await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 120_000 });
    bad.push(...(await latinWords(page)).map((b) => `${button}: ${b}`));
  }
  // The chapter's one Mutex compared: its workers wait often, so the browser-waits note shows.
  await page.click('#example-tabs [data-id="game-server"]');
  await page.click('#compare');
  await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 120_000 });
  assert.ok(await page.isVisible('#compare-result .browser-waits'));
  bad.push(...(await latinWords(page)).map((b) => `game-server #compare: ${b}`));
  // A deadlock, caught and explained.
  await page.selectOption('#param-strategy', 'deadlock');
  await setParam(page, 'actions', 1000000);
  await setParam(page, 'threads', 2);
  await runFromUi(page, 120_000);
  assert.ok(await page.isVisible('#results .broken-on-purpose'));
  bad.push(...(await latinWords(page)).map((b) => `deadlock: ${b}`));
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
  // Every section open: the code, the exercises in it, the wrong way.
  await openAllDetails(page);
  const bad = await latinWords(page);
  assert.deepEqual(bad, [], `Latin words a Thai reader would see:\n${bad.join('\n')}`);
  await page.close();
});

test('the check can fail: an English sentence on the Thai page is found', needsSite('SITE_URL'), async () => {
  const { page } = await openPage(context, '?lang=th');
  await page.evaluate(() => {
    const p = document.createElement('p');
    // Kept terms (threads) and marked code pass; the rest of the sentence is found.
    p.innerHTML = 'Press Run to see what the threads did. <code>Arc::clone</code> <span lang="en">English</span>';
    document.body.append(p);
  });
  const bad = (await latinWords(page)).filter((line) => line.includes('Press'));
  assert.equal(bad.length, 1);
  assert.match(bad[0], /\(Press, Run, to, see, what, the, did\)/);
  await page.close();
});
