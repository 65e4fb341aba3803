// Links that reproduce a setup: the example and its parameters live in the URL hash
// (#example=pipeline&items=1000000&…), and "Copy link" puts that URL on the clipboard.

/** `{ id, values }` from the hash; values are strings, as typed into the form. */
export function readHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const values = {};
  for (const [key, value] of hash) if (key !== 'example') values[key] = value;
  return { id: hash.get('example'), values };
}

/** Replaces the hash (no history entry per run: Back should leave the page, not undo runs). */
export function writeHash(id, params) {
  const hash = new URLSearchParams({ example: id });
  for (const [key, value] of Object.entries(params)) hash.set(key, String(value));
  history.replaceState(null, '', `#${hash}`);
}

/**
 * Copies `url` and says so in `status`. Where the clipboard is refused (no permission, an
 * insecure origin), shows the URL in `field`, selected, for the reader to copy by hand.
 */
export async function copyLink(url, status, field) {
  try {
    await navigator.clipboard.writeText(url);
    field.hidden = true;
    status.textContent = 'Link copied.';
  } catch {
    field.value = url;
    field.hidden = false;
    field.focus();
    field.select();
    status.textContent = 'Copy the selected link (the browser did not allow copying it for you).';
  }
}
