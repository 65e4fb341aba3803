// An example's Rust files, highlighted: the chapter's code (the threads, locks and channels the
// chapter talks about) shown first, and the harness around it (registration, parameters, memory
// estimate, checks) one click away, so a reader meets the concurrency before the plumbing.
// Shared by the page and the widget's shadow root: it builds plain elements and never looks
// outside `container`. The highlighter (app/highlight.js) is fetched when code is first shown:
// the code reads as plain text until then.
import { el } from './format.js';

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
    code.textContent = file.code;
    figure.append(caption, pre);
    return figure;
  });
  // The chapter's files are highlighted once they can be seen: now, or when the closed section
  // around them (the widget's "the code") is first opened.
  const codes = nodes.map((figure) => figure.querySelector('code.hljs'));
  const highlightChapter = () => chapter.forEach((file, i) => highlight(codes[i], file.code));
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
  const closed = container.closest('details:not([open])');
  if (closed) closed.addEventListener('toggle', highlightChapter, { once: true });
  else highlightChapter();
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

let highlighter = null;

/** Highlights `code` once highlight.js is here; if it cannot be fetched the text stays plain. */
function highlight(code, text) {
  highlighter ??= import('./highlight.js');
  highlighter.then(({ highlightRust }) => {
    // highlight.js escapes the source text itself; its markup is only <span class="hljs-…">.
    code.innerHTML = highlightRust(text);
    code.dataset.highlighted = 'true';
  }, () => {});
}
