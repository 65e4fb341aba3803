// An example's Rust files, highlighted: the chapter's code (the threads, locks and channels the
// chapter talks about) shown first, and the harness around it (registration, parameters, memory
// estimate, checks) one click away, so a reader meets the concurrency before the plumbing.
// Shared by the page and the widget's shadow root: it builds plain elements and never looks
// outside `container`.
//
// highlight.js comes from npm (@highlightjs/cdn-assets, pinned in package-lock.json; build.sh
// copies these two files into vendor/): its single-file ES builds, because the npm `highlight.js`
// package's es/ modules re-export CommonJS. It emits class names only, never style attributes,
// so it keeps to the CSP's `style-src 'self'`; the colours are in code.css.
import hljs from '../vendor/highlight/core.min.js';
import rust from '../vendor/highlight/rust.min.js';
import { el } from './format.js';

hljs.registerLanguage('rust', rust);

/**
 * Shows `sources`, `[{ path, role, code }]`, in `container`, replacing what it held: the files
 * whose role is 'chapter' first, highlighted, each under its path; then every other file (the
 * harness) as a closed <details> with its path as the summary, highlighted when first opened.
 * Within a role the given order is kept. `words`: the reader's language (app/i18n.js).
 */
export function renderSources(container, sources, words) {
  const chapter = sources.filter((file) => file.role === 'chapter');
  const harness = sources.filter((file) => file.role !== 'chapter');
  const nodes = chapter.map((file) => {
    const figure = el('figure', 'source-file');
    const caption = el('figcaption', 'source-name');
    caption.append(pathName(file.path));
    const { pre, code } = codeBlock(file);
    highlight(code, file.code);
    figure.append(caption, pre);
    return figure;
  });
  if (harness.length > 0) {
    nodes.push(el('p', 'source-harness-note muted small', words.t('common.harness')));
  }
  for (const file of harness) {
    const details = el('details', 'source-file');
    const summary = el('summary', 'source-name');
    summary.append(pathName(file.path));
    const { pre, code } = codeBlock(file);
    code.textContent = file.code;
    // Only files a reader opens cost a highlighting pass; the first toggle is always the opening.
    details.addEventListener('toggle', () => highlight(code, file.code), { once: true });
    details.append(summary, pre);
    nodes.push(details);
  }
  container.classList.add('source-files');
  container.replaceChildren(...nodes);
}

/** The path, allowed to wrap after each slash: on a phone a path is wider than the screen. */
function pathName(path) {
  const code = el('code');
  for (const [i, part] of path.split('/').entries()) {
    if (i > 0) code.append('/', document.createElement('wbr'));
    code.append(part);
  }
  return code;
}

/** A <pre> that can scroll, so it takes keyboard focus and says which file it is. */
function codeBlock(file) {
  const pre = el('pre', 'source');
  pre.tabIndex = 0;
  pre.setAttribute('role', 'region');
  pre.setAttribute('aria-label', file.path);
  const code = el('code', 'hljs language-rust');
  pre.append(code);
  return { pre, code };
}

function highlight(code, text) {
  // highlight.js escapes the source text itself; its markup is only <span class="hljs-…">.
  code.innerHTML = hljs.highlight(text, { language: 'rust', ignoreIllegals: true }).value;
}
