// What a name and a message may be, in one module the server and the page both import: the
// server decides, the page gives the same answer before sending and sets its inputs' maxlength.
// Plain ES module with no imports, so Node and the browser load the same file.

export const MAX_NAME = 24;
export const MAX_MESSAGE = 500;

export const NAME_ERRORS = Object.freeze({
  length: `Name must be 1 to ${MAX_NAME} characters`,
  invisible: 'Names cannot contain invisible, control or direction characters',
  mixedScripts: 'Names cannot mix Latin, Greek and Cyrillic letters (they look alike)',
  marks: 'Names cannot stack more than two accents on one letter',
});
export const MESSAGE_ERROR = `Message must be 1 to ${MAX_MESSAGE} characters`;

// Characters that show nothing (or reorder what is around them), so `alice` plus one of them would
// look like alice: format and control characters (Cf, Cc, among them U+200B–U+200F, U+202A–U+202E,
// U+2060, U+2066–U+2069, U+FEFF), line and paragraph separators, and the blank letters and
// marks that are not Cf: Hangul fillers, the braille blank, the combining grapheme joiner,
// Mongolian and generic variation selectors.
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180b-\u180f\ufe00-\ufe0d\u{e0100}-\u{e01ef}]/u;
// U+FE0E/U+FE0F only mean something after an emoji (❤️); anywhere else they are invisible.
const STRAY_PRESENTATION = /(?<!\p{Extended_Pictographic})[\ufe0e\ufe0f]/u;
// Three look-alike alphabets: `раypal` with a Cyrillic `а` is not `paypal`.
const LOOK_ALIKE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Greek}/u, /\p{Script=Cyrillic}/u];
const STACKED_MARKS = /\p{M}{3,}/u;

/**
 * A display name as the chat keeps it (NFKC, one space between words, trimmed), or why not.
 * `ａｌｉｃｅ` (fullwidth) becomes `alice`; `alice\u200b` is refused, not another alice.
 * @param {unknown} value
 * @returns {{ name: string } | { error: string }}
 * @example
 * checkName(' ａｌｉｃｅ ');   // → { name: 'alice' }
 * checkName('alice\u200b');  // → { error: NAME_ERRORS.invisible }
 */
export function checkName(value) {
  // Bounded before any work: NFKC may grow a string, a client may send megabytes.
  if (typeof value !== 'string' || value.length > MAX_NAME * 8) return { error: NAME_ERRORS.length };
  // Checked before trimming too: trim() would silently drop a trailing U+FEFF.
  if (INVISIBLE.test(value) || STRAY_PRESENTATION.test(value)) return { error: NAME_ERRORS.invisible };
  const name = value.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (INVISIBLE.test(name) || STRAY_PRESENTATION.test(name)) return { error: NAME_ERRORS.invisible };
  const length = [...name].length;
  if (length < 1 || length > MAX_NAME) return { error: NAME_ERRORS.length };
  if (LOOK_ALIKE_SCRIPTS.filter((script) => script.test(name)).length > 1) return { error: NAME_ERRORS.mixedScripts };
  if (STACKED_MARKS.test(name)) return { error: NAME_ERRORS.marks };
  return { name };
}

/**
 * What two names are compared by: `Alice`, `ALICE` and `ａｌｉｃｅ` are one person.
 * @param {string} name a name checkName accepted
 */
export function nameKey(name) {
  return name.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/**
 * A message text, trimmed; undefined unless 1 to MAX_MESSAGE characters.
 * @param {unknown} value
 * @returns {string | undefined}
 */
export function cleanText(value) {
  if (typeof value !== 'string' || value.length > MAX_MESSAGE * 4) return undefined;
  const text = value.trim();
  const length = [...text].length;
  return length >= 1 && length <= MAX_MESSAGE ? text : undefined;
}
