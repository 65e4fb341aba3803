// Words written into markup: the page's index.html and the widget's template mark each element
// that shows a word with the catalog key it shows, and this fills them in the reader's
// language, so the markup itself holds no words of any language.
//   data-i18n="key"             the element's text (backticks become <code>, see rich)
//   data-i18n-aria-label="key"  its aria-label; likewise data-i18n-title and data-i18n-content
import { rich } from './i18n.js';

const ATTRIBUTES = ['aria-label', 'title', 'content'];

/** Fills the elements under `root` (a document, element or shadow root) marked data-i18n*. */
export function applyWords(root, words) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    const text = words.t(node.dataset.i18n);
    if (node instanceof HTMLTitleElement) node.ownerDocument.title = text;
    else node.replaceChildren(rich(text));
  }
  for (const attribute of ATTRIBUTES) {
    for (const node of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      node.setAttribute(attribute, words.t(node.getAttribute(`data-i18n-${attribute}`)));
    }
  }
}
