// Links that reproduce a setup: the example and its parameters live in the URL hash
// (#example=pipeline&items=1000000&…), the language in the query (?lang=th), and "Copy link"
// puts that URL on the clipboard. The language is a query parameter, not part of the hash,
// because it is the page's and not the example's: it outlives a switch of example.
import { LANGUAGES } from './i18n.js';

/** The language the URL asks for (`?lang=th`, or `lang=th` in the hash), or null. */
export function readLang() {
  const asked = new URLSearchParams(location.search).get('lang') ?? new URLSearchParams(location.hash.slice(1)).get('lang');
  const code = asked?.trim().toLowerCase();
  return LANGUAGES.includes(code) ? code : null;
}

/** Puts `lang` in the URL's query, keeping the hash (no history entry, as writeHash). */
export function writeLang(lang) {
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(null, '', url);
}

/** `{ id, values }` from the hash; values are strings, as typed into the form. */
export function readHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const values = {};
  for (const [key, value] of hash) if (key !== 'example' && key !== 'lang') values[key] = value;
  return { id: hash.get('example'), values };
}

/** Replaces the hash (no history entry per run: Back should leave the page, not undo runs). */
export function writeHash(id, params) {
  const hash = new URLSearchParams({ example: id });
  for (const [key, value] of Object.entries(params)) hash.set(key, String(value));
  history.replaceState(null, '', `${location.search}#${hash}`);
}

/**
 * Copies `url` and says so in `status`, in `words`' language. Where the clipboard is refused (no permission, an
 * insecure origin), shows the URL in `field`, selected, for the reader to copy by hand.
 */
export async function copyLink(url, status, field, words) {
  try {
    await navigator.clipboard.writeText(url);
    field.hidden = true;
    status.textContent = words.t('page.copied');
  } catch {
    field.value = url;
    field.hidden = false;
    field.focus();
    field.select();
    status.textContent = words.t('page.copyByHand');
  }
}
