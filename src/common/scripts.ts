/**
 * Character classes of writing systems, shared by text extraction, rendering and search so they agree on
 * what counts as right-to-left or as Chinese/Japanese/Korean.
 */

/** Scripts written right to left: Arabic, Hebrew, Syriac, Thaana, N'Ko, Samaritan, Mandaic, Adlam. */
const RTL_SCRIPTS = String.raw`\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Syriac}\p{sc=Thaana}\p{sc=Nko}\p{sc=Samaritan}\p{sc=Mandaic}\p{sc=Adlam}`;

/** Any character of a right-to-left script (letters, and that script's digits, marks and signs). */
export const RTL_CHAR = new RegExp(`[${RTL_SCRIPTS}]`, 'u');
/** A letter of a right-to-left script (not its digits, marks or punctuation). */
export const RTL_LETTER = new RegExp(`[${RTL_SCRIPTS}](?<=\\p{L})`, 'u');
/** Global form of RTL_LETTER, for counting with String.match (never `.test`: it would keep lastIndex). */
export const RTL_LETTERS = new RegExp(RTL_LETTER.source, 'gu');

/** Han, Hiragana, Katakana and Hangul, by script extension (so the iteration and prolonged-sound marks count). */
const CJK_SCRIPTS = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}`;

/** One Chinese, Japanese or Korean character. */
export const CJK_CHAR = new RegExp(`[${CJK_SCRIPTS}]`, 'u');
/** Alternating runs of CJK and of other characters, for String.match. */
export const CJK_OR_OTHER_RUNS = new RegExp(`[${CJK_SCRIPTS}]+|[^${CJK_SCRIPTS}]+`, 'gu');
/** A word of CJK characters and punctuation or symbols only. */
export const CJK_WORD = new RegExp(`^[${CJK_SCRIPTS}\\p{P}\\p{S}]+$`, 'u');
