/**
 * The names at the top left of a document broken into lines as an office breaks them (Decree
 * 30/2020/NĐ-CP): never inside a word of two syllables nor a place name, where a break reads
 * well, each line as wide as Times New Roman (Liberation Serif) sets it and no wider than the room.
 */
import { describe, expect, it } from "vitest";
import { issuerLines, textWidth } from "./issuer-lines.ts";

/** The room of the heading's left column in twips, and a narrow one. */
const ROOM = 3800;
const NARROW = 2200;

const bold13 = (text: string, maxWidth = ROOM) =>
  issuerLines(text, { maxWidth, points: 13, bold: true, capitals: true });
const regular13 = (text: string, maxWidth = ROOM) =>
  issuerLines(text, { maxWidth, points: 13, capitals: true });

/** Names that a line must never split, as the documents write them. */
const WHOLE = [
  "LẠNG SƠN",
  "ĐIỆN BIÊN",
  "HÀ NỘI",
  "BA ĐÌNH",
  "THI ĐUA",
  "DOANH NGHIỆP",
  "MẶT TRẬN",
  "ĐOÀN THỂ",
  "VÙNG CAO",
  "THUỐC LÁ",
  "MỘT THÀNH VIÊN",
  "SỐ 12",
  "SỞ, BAN, NGÀNH",
];

describe("the width of a line of Times New Roman", () => {
  it("is measured with the font's own widths, Vietnamese letters as wide as their base letter", () => {
    // Liberation Serif Bold: 20,861 thousandths of an em at 12 pt
    expect(textWidth("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, true)).toBe(5007);
    expect(textWidth("ĐẢNG", 13)).toBe(textWidth("DANG", 13));
    // the horn makes Ư wider than U
    expect(textWidth("Ư", 13)).toBeGreaterThan(textWidth("U", 13));
    expect(textWidth("Độc lập - Tự do - Hạnh phúc", 13, true)).toBeGreaterThan(3000);
  });
});

describe("an issuer's name broken into lines", () => {
  it("stays on one line when it fits", () => {
    expect(regular13("UBND tỉnh Lạng Sơn").lines).toEqual(["UBND TỈNH LẠNG SƠN"]);
  });

  it("breaks before «CÁC», never inside «DOANH NGHIỆP»", () => {
    expect(bold13("Khối thi đua các doanh nghiệp").lines).toEqual([
      "KHỐI THI ĐUA",
      "CÁC DOANH NGHIỆP",
    ]);
    expect(bold13("Cụm thi đua các huyện vùng cao").lines).toEqual([
      "CỤM THI ĐUA",
      "CÁC HUYỆN VÙNG CAO",
    ]);
  });

  it("keeps the place name with the word for the place: «TỈNH LẠNG SƠN», and breaks before «KHỐI»", () => {
    expect(regular13("UBND tỉnh Lạng Sơn", NARROW).lines).toEqual(["UBND", "TỈNH LẠNG SƠN"]);
    expect(bold13("UBND tỉnh Lạng Sơn Khối thi đua các doanh nghiệp").lines).toEqual([
      "UBND TỈNH LẠNG SƠN",
      "KHỐI THI ĐUA",
      "CÁC DOANH NGHIỆP",
    ]);
    expect(bold13("Sở Nội vụ tỉnh Điện Biên", NARROW).lines).toEqual([
      "SỞ NỘI VỤ",
      "TỈNH ĐIỆN BIÊN",
    ]);
  });

  it("reads a name already in capitals the same way", () => {
    expect(bold13("CỤM THI ĐUA CÁC HUYỆN VÙNG CAO").lines).toEqual([
      "CỤM THI ĐUA",
      "CÁC HUYỆN VÙNG CAO",
    ]);
    expect(regular13("UBND TỈNH LẠNG SƠN", NARROW).lines).toEqual(["UBND", "TỈNH LẠNG SƠN"]);
  });

  it("breaks after a comma, keeps a number with its word and «sở, ban, ngành» whole", () => {
    expect(bold13("Khối thi đua số 12 các cơ quan Đảng, Mặt trận, đoàn thể").lines).toEqual([
      "KHỐI THI ĐUA SỐ 12",
      "CÁC CƠ QUAN ĐẢNG,",
      "MẶT TRẬN, ĐOÀN THỂ",
    ]);
    expect(bold13("Khối thi đua số 3 các sở, ban, ngành").lines).toEqual([
      "KHỐI THI ĐUA SỐ 3",
      "CÁC SỞ, BAN, NGÀNH",
    ]);
  });

  it("keeps the text as given without capitals (the recipients of a document)", () => {
    const { lines } = issuerLines("- Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn;", {
      maxWidth: 3600,
      points: 11,
    });
    expect(lines.join(" ")).toBe("- Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn;");
    expect(lines.at(-1)).toMatch(/tỉnh Lạng Sơn;$/);
    // no line but the first starts with a dash: it would read as another recipient
    expect(lines.slice(1).filter((l) => l.startsWith("-"))).toEqual([]);
    expect(lines.join("\n")).toContain("Thi đua - Khen thưởng");
  });

  it("never splits a name, never goes past the room, and loses no word, whatever the room", () => {
    const names = [
      "Khối thi đua các doanh nghiệp",
      "Cụm thi đua các huyện vùng cao",
      "Cụm thi đua số 1 các phường",
      "Khối thi đua số 12 các cơ quan Đảng, Mặt trận, đoàn thể",
      "Khối thi đua số 3 các sở, ban, ngành",
      "Công ty TNHH Một thành viên Thuốc lá Lạng Sơn",
      "UBND tỉnh Lạng Sơn",
      "UBND thành phố Hà Nội",
      "UBND quận Ba Đình",
      "UBND tỉnh Điện Biên",
    ];
    for (const name of names) {
      for (let room = 1800; room <= 5200; room += 200) {
        const { lines, width, dangling, overflow } = bold13(name, room);
        const where = `${name} in ${room}: ${JSON.stringify(lines)}`;
        expect(lines.join(" "), where).toBe(name.toLocaleUpperCase("vi-VN"));
        if (overflow) continue;
        expect(width, where).toBeLessThanOrEqual(room);
        for (const line of lines)
          expect(textWidth(line, 13, true), where).toBeLessThanOrEqual(room);
        const joined = lines.join("\n");
        for (const whole of WHOLE) {
          if (name.toLocaleUpperCase("vi-VN").includes(whole)) {
            expect(joined, where).toContain(whole);
          }
        }
        // a line never ends with a word that leads into the next, where the room allows it,
        // and the room of a document's heading (at least 3,400 twips) allows it
        if (room >= 3400) expect(dangling, where).toBe(false);
        if (dangling) continue;
        for (const line of lines.slice(0, -1)) expect(line, where).not.toMatch(/ (CÁC|VÀ|SỐ)$/);
      }
    }
  });

  it("says so when a single word is wider than the room, and still breaks between words", () => {
    const result = bold13("Khối thi đua các doanh nghiệp", 600);
    expect(result.overflow).toBe(true);
    expect(result.lines.join(" ")).toBe("KHỐI THI ĐUA CÁC DOANH NGHIỆP");
  });
});
