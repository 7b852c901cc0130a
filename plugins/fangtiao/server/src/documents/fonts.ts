/**
 * The CJK faces every document is set in.
 *
 * Noto Serif SC (思源宋体's Google build, SIL OFL 1.1) arrives through npm in
 * `@expo-google-fonts/noto-serif-sc`: it is the only registry package we found that
 * ships the whole Simplified Chinese serif as plain TTF (one file per weight) rather
 * than woff2 cut into unicode-range chunks, and it has a real Bold for titles. No
 * OFL FangSong face is on npm as a whole TTF/OTF (朱雀仿宋 is only published as web
 * chunks), so the body is set in the Song Regular too. pdfkit embeds only the glyphs
 * a document uses.
 */
import fs from 'fs';
import path from 'path';
import type * as fontkit from 'fontkit';

export type FontKey = 'song' | 'songBold';

const FONT_PACKAGE = '@expo-google-fonts/noto-serif-sc';
const FONT_FILES: Record<FontKey, string> = {
  song: '400Regular/NotoSerifSC_400Regular.ttf',
  songBold: '700Bold/NotoSerifSC_700Bold.ttf',
};

const cache = new Map<FontKey, fontkit.Font>();

export function fontPath(key: FontKey): string {
  const root = path.dirname(require.resolve(`${FONT_PACKAGE}/package.json`));
  return path.join(root, FONT_FILES[key]);
}

/**
 * The parsed font, read and parsed once per process. pdfkit (≥ 0.18) accepts a
 * fontkit font in registerFont; sharing it across documents saves re-parsing a
 * 15 MB file for every PDF (each document still builds its own subset).
 */
export function loadFont(key: FontKey): fontkit.Font {
  let font = cache.get(key);
  if (!font) {
    const { create }: typeof fontkit = require('fontkit');
    const parsed = create(fs.readFileSync(fontPath(key)));
    if (!('layout' in parsed)) throw new Error(`${FONT_FILES[key]} is a font collection, expected one face`);
    font = parsed;
    cache.set(key, font);
  }
  return font;
}
