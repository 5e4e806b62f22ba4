/**
 * The names at the top left of an administrative document (Decree 30/2020/NĐ-CP: the body
 * above the issuer, the issuer) broken into lines the way an office breaks them: never inside a
 * word of two syllables ("DOANH / NGHIỆP"), never inside a place name ("LẠNG / SƠN"), and where
 * a break reads well: before "CÁC", "KHỐI", "CỤM", "VÀ", after a comma. Widths are measured
 * with the advance widths of Times New Roman (the same as Liberation Serif, which LibreOffice
 * substitutes), so that a line chosen here is not wrapped again by Word or LibreOffice.
 */

/** Advance widths in thousandths of an em: [regular, bold]. */
// biome-ignore format: a table of widths
const WIDTHS: Record<string, [number, number]> = {
  " ": [250, 250], "!": [333, 333], '"': [408, 555], "'": [180, 278], "(": [333, 333],
  ")": [333, 333], ",": [250, 250], "-": [333, 333], ".": [250, 250], "/": [278, 278],
  ":": [278, 333], ";": [278, 333], "?": [444, 500], "&": [778, 833], "%": [833, 1000],
  "–": [500, 500], "…": [1000, 1000],
  A: [722, 722], B: [667, 667], C: [667, 722], D: [722, 722], E: [611, 667], F: [556, 611],
  G: [722, 778], H: [722, 778], I: [333, 389], J: [389, 500], K: [722, 778], L: [611, 667],
  M: [889, 944], N: [722, 722], O: [722, 778], P: [556, 611], Q: [722, 778], R: [667, 722],
  S: [556, 556], T: [611, 667], U: [722, 722], V: [722, 722], W: [944, 1000], X: [722, 722],
  Y: [722, 722], Z: [611, 667],
  a: [444, 500], b: [500, 556], c: [444, 444], d: [500, 556], e: [444, 444], f: [333, 333],
  g: [500, 500], h: [500, 556], i: [278, 278], j: [278, 333], k: [500, 556], l: [278, 278],
  m: [778, 833], n: [500, 556], o: [500, 500], p: [500, 556], q: [500, 556], r: [333, 444],
  s: [389, 389], t: [278, 333], u: [500, 556], v: [500, 500], w: [722, 722], x: [500, 500],
  y: [500, 500], z: [444, 444],
  Đ: [722, 722], đ: [500, 556], Ư: [776, 796], ư: [542, 600], ơ: [529, 554],
};
const DIGIT: [number, number] = [500, 500];
/** A letter the table does not know: as wide as the widest common capital. */
const UNKNOWN: [number, number] = [778, 833];
const HORN = "\u031b";

/** The advance width of one character (a Vietnamese letter is as wide as its base letter,
 * but for the horned Ư, ư, ơ). */
function advance(ch: string, bold: boolean): number {
  const i = bold ? 1 : 0;
  const direct = WIDTHS[ch];
  if (direct) return direct[i];
  if (/\d/.test(ch)) return DIGIT[i];
  const parts = ch.normalize("NFD");
  const base = parts.charAt(0);
  const horned = parts.includes(HORN) ? WIDTHS[`${base}${HORN}`.normalize("NFC")] : undefined;
  if (horned) return horned[i];
  return (WIDTHS[base] ?? UNKNOWN)[i];
}

/** The width of a line of Times New Roman text in twips (twentieths of a point). */
export function textWidth(text: string, points: number, bold = false): number {
  let thousandths = 0;
  for (const ch of text.normalize("NFC")) thousandths += advance(ch, bold);
  return Math.ceil((thousandths * points * 20) / 1000);
}

const vi = (text: string) => text.normalize("NFC").toLocaleLowerCase("vi-VN");

/**
 * Words of two or more syllables that a body's name is made of: a line never breaks inside
 * one. Lower case, as written; the longest is tried first.
 */
const WORDS = [
  "thi đua - khen thưởng",
  "thi đua – khen thưởng",
  "thi đua",
  "khen thưởng",
  "doanh nghiệp",
  "doanh nhân",
  "ủy ban nhân dân",
  "uỷ ban nhân dân",
  "ủy ban",
  "uỷ ban",
  "nhân dân",
  "hội đồng",
  "công ty",
  "cổ phần",
  "trách nhiệm hữu hạn",
  "một thành viên",
  "thành phố",
  "thị xã",
  "thị trấn",
  "nội vụ",
  "giáo dục",
  "đào tạo",
  "tài chính",
  "kế hoạch",
  "đầu tư",
  "nông nghiệp",
  "phát triển",
  "nông thôn",
  "công thương",
  "xây dựng",
  "giao thông",
  "vận tải",
  "y tế",
  "văn hóa",
  "văn hoá",
  "thể thao",
  "du lịch",
  "tài nguyên",
  "môi trường",
  "khoa học",
  "công nghệ",
  "kỹ thuật",
  "thông tin",
  "truyền thông",
  "lao động",
  "thương binh",
  "xã hội",
  "tư pháp",
  "ngoại vụ",
  "thanh tra",
  "đoàn thể",
  "cơ quan",
  "đơn vị",
  "sự nghiệp",
  "trường học",
  "cao đẳng",
  "trung cấp",
  "đại học",
  "ngân hàng",
  "tín dụng",
  "thương mại",
  "điện lực",
  "xi măng",
  "thuốc lá",
  "cấp thoát nước",
  "hiệp hội",
  "miền núi",
  "vùng cao",
  "biên giới",
  "kinh tế",
  "chính trị",
  "mặt trận",
  "tổ quốc",
  "đảng ủy",
  "đảng uỷ",
  "quản lý",
  "dự án",
  "hành chính",
  "khu vực",
  "khu công nghiệp",
  "công nghiệp",
  "dân dụng",
  "phát thanh",
  "truyền hình",
  "dân tộc",
  "tôn giáo",
  "liên hiệp",
  "liên đoàn",
  "phụ nữ",
  "nông dân",
  "cựu chiến binh",
  "chữ thập đỏ",
  "thanh niên",
  "hợp tác xã",
  "bảo hiểm",
  "kho bạc",
  "nhà nước",
  "thống kê",
  "văn phòng",
  "đại biểu",
  "quốc hội",
  "tỉnh ủy",
  "tỉnh uỷ",
  "thành ủy",
  "huyện ủy",
  "quận ủy",
  "dân vận",
  "tuyên giáo",
  "tổ chức",
  "nội chính",
  "kiểm tra",
  "sở, ban, ngành",
  "phòng, ban",
  "chi nhánh",
  "trung tâm",
  "dịch vụ",
  "việt nam",
].map((w) => vi(w).split(" "));

/** Words naming a kind of local government: what follows is a place name, kept with it. */
const PLACE_KINDS = [
  "tỉnh",
  "thành phố",
  "huyện",
  "quận",
  "thị xã",
  "xã",
  "phường",
  "thị trấn",
].map((w) => vi(w).split(" "));

/** Words before which a line reads well; a line never ends with one of them. */
const BREAK_BEFORE = new Set(
  ["các", "khối", "cụm", "và", "thuộc", "của", "chi", "trên", "tại"].map(vi),
);
/** Words that end a line badly: the line would leave them hanging. */
const NEVER_LAST = new Set(["các", "và", "thuộc", "của", "trên", "tại", "số", "-", "–"].map(vi));

const isUpper = (word: string) => {
  const first = word.replace(/^[("«]+/, "").charAt(0);
  return first !== "" && first !== first.toLocaleLowerCase("vi-VN");
};
const isNumber = (word: string) => /^(\d+[\d.,/]*|[IVXLC]+)[,.;]?$/.test(word);
const bare = (word: string) => vi(word).replace(/[,.;:()"«»]+$/g, "");

/** Where `words` starting at `at` match one of `list` (the longest match); its length or 0. */
function matchAt(words: string[], at: number, list: string[][], strict = false): number {
  let best = 0;
  for (const entry of list) {
    if (entry.length <= best || at + entry.length > words.length) continue;
    const hit = entry.every((syllable, k) => {
      const w = words[at + k] as string;
      // inside the entry a comma is part of it ("sở, ban, ngành"); at its end it may follow
      return strict || k < entry.length - 1 ? vi(w) === syllable : bare(w) === bare(syllable);
    });
    if (hit) best = entry.length;
  }
  return best;
}

/**
 * Which gaps between words may take a line break: `glued[i]` is true when words i and i + 1
 * belong together (one word of several syllables, a place name, "số 1"); `leading[i]` when
 * word i leads into the next ("các", "và"), so that a line should not end with it.
 */
function gluedGaps(words: string[]): { glued: boolean[]; leading: boolean[] } {
  const glued = words.slice(1).map(() => false);
  const leading = words.slice(1).map((_, i) => NEVER_LAST.has(bare(words[i] as string)));
  const glue = (from: number, to: number) => {
    for (let g = from; g < to && g < glued.length; g++) glued[g] = true;
  };
  const text = words.join(" ");
  const allCaps = text === text.toLocaleUpperCase("vi-VN");
  for (let i = 0; i < words.length; i++) {
    const word = matchAt(words, i, WORDS);
    if (word > 1) glue(i, i + word - 1);
    const place = matchAt(words, i, PLACE_KINDS);
    if (place > 0) {
      // the kind of place, then its name: capitalised words (or, in capitals, every word
      // up to a comma, a linking word or the end)
      let end = i + place;
      while (end < words.length) {
        const w = words[end] as string;
        const previous = words[end - 1] as string;
        if (/[,;]$/.test(previous) || BREAK_BEFORE.has(bare(w))) break;
        if (!allCaps && !isUpper(w) && !isNumber(w)) break;
        end++;
      }
      if (end > i + place) glue(i, end - 1);
    }
    const next = words[i + 1];
    if (next === undefined) continue;
    // a number stays with the word it counts: "số 1", "khu vực IV"
    if (isNumber(next)) glue(i, i + 1);
    // a proper name: capitalised words one after the other, in a name not written in capitals,
    // up to a word that begins another part of the name ("… Lạng Sơn / Khối thi đua …")
    const startsPart = BREAK_BEFORE.has(bare(next)) || matchAt(words, i + 1, PLACE_KINDS) > 0;
    if (!allCaps && i > 0 && isUpper(words[i] as string) && isUpper(next) && !startsPart) {
      if (!/[,;]$/.test(words[i] as string)) glue(i, i + 1);
    }
  }
  return { glued, leading };
}

/** How much a break costs in the gap after word i: 0 where an office breaks, more elsewhere. */
function breakCost(words: string[], i: number): number {
  const before = words[i] as string;
  const after = words[i + 1] as string;
  // a line ending with "các", or one starting with a dash (it would read as a new item)
  if (NEVER_LAST.has(bare(before)) || /^[-–]$/.test(after)) return 60;
  if (/[,;]$/.test(before) || BREAK_BEFORE.has(bare(after))) return 0;
  if (matchAt(words, i + 1, PLACE_KINDS) > 0) return 2;
  return 12;
}

export interface IssuerLines {
  lines: string[];
  /** The widest line, in twips. */
  width: number;
  /** A line ends with a word that leads into the next ("các"): the room allowed no better. */
  dangling: boolean;
  /** A word or name wider than the room: it had to be broken after all. */
  overflow: boolean;
}

/**
 * Break an issuer's name into lines at most `maxWidth` twips wide (Times New Roman of `points`,
 * bold or not): as few lines as the room allows, broken only between words that do not belong
 * together, where a break reads best, the lines as even as can be. With `capitals`, the lines
 * are written (and measured) in capitals, as the decree writes a body's name; the name is best
 * given as people write it ("Khối thi đua các doanh nghiệp"): its capital letters show which
 * words are a proper name.
 */
export function issuerLines(
  text: string,
  options: { maxWidth: number; points: number; bold?: boolean; capitals?: boolean },
): IssuerLines {
  const { maxWidth, points, bold = false, capitals = false } = options;
  const written = text.normalize("NFC").trim().split(/\s+/).filter(Boolean);
  if (written.length === 0) return { lines: [], width: 0, dangling: false, overflow: false };
  const { glued, leading } = gluedGaps(written);
  const words = capitals ? written.map((w) => w.toLocaleUpperCase("vi-VN")) : written;
  const widthOf = (from: number, to: number) =>
    textWidth(words.slice(from, to).join(" "), points, bold);
  const tryWith = (canBreak: (gap: number) => boolean) => {
    // best[j]: the best way to set words 0..j-1 ending a line after word j-1
    const best: ({ lines: number; cost: number; from: number } | null)[] = [
      { lines: 0, cost: 0, from: 0 },
    ];
    for (let j = 1; j <= words.length; j++) {
      best[j] = null;
      if (j < words.length && !canBreak(j - 1)) continue;
      for (let i = j - 1; i >= 0; i--) {
        const start = best[i];
        if (i > 0 && !canBreak(i - 1)) continue;
        const width = widthOf(i, j);
        if (width > maxWidth) break;
        if (!start) continue;
        const slack = (maxWidth - width) / maxWidth;
        const cost =
          start.cost + (j < words.length ? breakCost(written, j - 1) : 0) + 4 * slack * slack;
        const lines = start.lines + 1;
        const current = best[j];
        if (!current || lines < current.lines || (lines === current.lines && cost < current.cost)) {
          best[j] = { lines, cost, from: i };
        }
      }
    }
    const end = best[words.length];
    if (!end) return null;
    const lines: string[] = [];
    for (let j = words.length; j > 0; j = (best[j] as { from: number }).from) {
      lines.unshift(words.slice((best[j] as { from: number }).from, j).join(" "));
    }
    return lines;
  };
  // best: names whole, no line ending in "các"; then names whole; then anything
  const best = tryWith((gap) => !glued[gap] && !leading[gap]);
  const whole = best ?? tryWith((gap) => !glued[gap]);
  const lines = whole ?? tryWith(() => true) ?? words;
  return {
    lines,
    width: Math.max(...lines.map((l) => textWidth(l, points, bold))),
    dangling: best === null,
    overflow: whole === null,
  };
}
