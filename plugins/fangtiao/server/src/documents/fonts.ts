/**
 * The CJK faces every document is set in.
 *
 * Noto Serif SC (思源宋体's Google build, SIL OFL 1.1), Regular and Bold, committed under
 * fonts/ (OFL.txt beside them; how they were cut: fonts/README.md). They are subsets of the
 * TrueType files of the npm package `@expo-google-fonts/noto-serif-sc` 0.4.3 (which ships all
 * seven weights, 69 MB to download): every CJK Unified Ideograph of the basic block
 * (U+4E00–9FFF, which holds GB2312 and GBK's hanzi), CJK and full-width punctuation, Latin, and
 * the symbols documents use, about 10.7 MB each. No OFL FangSong face exists as a whole
 * TTF/OTF, so the body is set in the Song Regular too. pdfkit embeds only the glyphs a
 * document uses.
 */
import fs from 'fs';
import path from 'path';
import type * as fontkit from 'fontkit';

export type FontKey = 'song' | 'songBold';

const FONT_FILES: Record<FontKey, string> = {
  song: 'NotoSerifSC-Regular.ttf',
  songBold: 'NotoSerifSC-Bold.ttf',
};

/** The app's fonts/ folder: found upwards from here (src when run by ts tools, dist when built). */
function fontsDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'fonts');
    if (fs.existsSync(path.join(candidate, FONT_FILES.song))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`fonts/${FONT_FILES.song} not found above ${__dirname}`);
  }
}

export function fontPath(key: FontKey): string {
  return path.join(fontsDir(), FONT_FILES[key]);
}

const cache = new Map<FontKey, fontkit.Font>();

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
