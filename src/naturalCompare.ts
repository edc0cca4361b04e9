/**
 * Names in the order people read them: `worker-2` before `worker-10`. Runs of digits compare as
 * numbers; other characters compare case-blind, punctuation before digits before letters (the order
 * `Intl.Collator("en", { numeric: true })` gives Kubernetes names, which are lowercase letters,
 * digits, `-` and `.`); names equal but for case put lowercase first, as the collator does. Letters
 * beyond ASCII are not folded (`é` after `z`), nor punctuation put in the collator's own order.
 *
 * Hand-written on purpose: creating the first `Intl.Collator` (or calling `localeCompare`) in a page
 * loads ICU's collation data, 7 to 20 ms, and the page's entry sorted machine names before its first
 * picture (`npm run bench:link`).
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      // Two numbers: the one with more digits (leading zeros aside) is larger, else digit by digit.
      let ie = i;
      while (ie < a.length && isDigit(a.charCodeAt(ie))) ie++;
      let je = j;
      while (je < b.length && isDigit(b.charCodeAt(je))) je++;
      let is = i;
      while (is < ie - 1 && a.charCodeAt(is) === 48) is++;
      let js = j;
      while (js < je - 1 && b.charCodeAt(js) === 48) js++;
      if (ie - is !== je - js) return ie - is - (je - js);
      for (; is < ie; is++, js++) {
        const d = a.charCodeAt(is) - b.charCodeAt(js);
        if (d) return d;
      }
      i = ie;
      j = je;
      continue;
    }
    const d = rank(ca) - rank(cb) || fold(ca) - fold(cb);
    if (d) return d;
    i++;
    j++;
  }
  if (i < a.length || j < b.length) return a.length - i - (b.length - j);
  // Equal but for case or leading zeros: a fixed order all the same, lowercase first.
  const [sa, sb] = [swapCase(a), swapCase(b)];
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Punctuation and other symbols, then digits, then letters. */
const rank = (c: number) => (isDigit(c) ? 1 : isLetter(c) || c > 127 ? 2 : 0);
/** `aB1` → `Ab1`. */
const swapCase = (s: string) => s.replace(/[a-zA-Z]/g, (c) => (c < "a" ? c.toLowerCase() : c.toUpperCase()));
/** A letter's lowercase code. */
const fold = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
