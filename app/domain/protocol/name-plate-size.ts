/**
 * How big a name can be printed on a desk name plate (명패) so that it fits one line of the
 * face. Print pages run no script, so the size is worked out here from the name's characters:
 * a Hangul or Han syllable is a full em wide, Latin letters and digits a little over half.
 */

/** The face's printable width for the name (A4 landscape, 297 mm less 20 mm margins each side). */
export const NAME_WIDTH_MM = 257;
/** The largest name, for the common 2–4 syllable Korean names: about 40 mm tall. */
export const MAX_NAME_PT = 120;
/** The smallest: below this a name is not read from across a meeting table; it wraps instead. */
export const MIN_NAME_PT = 28;

const PT_PER_MM = 72 / 25.4;

function isFullWidth(char: string): boolean {
  const code = char.codePointAt(0)!;
  // Hangul syllables and jamo, CJK ideographs, full-width forms.
  return (code >= 0x1100 && code <= 0x11ff) || (code >= 0x3000 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xff00 && code <= 0xffef);
}

/** A character's width in ems, a little over what Noto Serif CJK draws (better small than cut). */
function emWidth(char: string): number {
  if (isFullWidth(char)) return 1;
  if (char === " ") return 0.3;
  if (/[MW]/.test(char)) return 0.95;
  if (/[A-Z]/.test(char)) return 0.72;
  if (/[mw]/.test(char)) return 0.85;
  if (/[ijlrtf.,'·-]/.test(char)) return 0.35;
  return 0.55;
}

/**
 * Names written in Hangul or Han characters are printed spaced out, as Korean name plates are
 * (letter-spacing .15em); names in Latin letters are not.
 */
export function isSpacedName(name: string): boolean {
  return [...name.replace(/\s/g, "")].every(isFullWidth);
}

/** The name's width in ems at letter-spacing 0. */
export function nameEms(name: string): number {
  let ems = 0;
  for (const char of name) ems += emWidth(char);
  return ems;
}

/** The font size in points that fits `name` on one line of a plate, within MIN_NAME_PT…MAX_NAME_PT. */
export function namePlateFontPt(name: string): number {
  // The letter-spacing, and a little room at the edges.
  const spacing = isSpacedName(name) ? 1.2 : 1.1;
  const ems = Math.max(nameEms(name.trim()), 1) * spacing;
  const fitting = (NAME_WIDTH_MM * PT_PER_MM) / ems;
  return Math.max(MIN_NAME_PT, Math.min(MAX_NAME_PT, Math.floor(fitting)));
}
