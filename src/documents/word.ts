/**
 * The Word documents of a cluster's year, laid out as Decree 30/2020/NĐ-CP asks: the award
 * proposal to the council (tờ trình) with the summary table, the minutes of a meeting (biên
 * bản), and the six-month and annual reports of the cluster. Built with `docx`; Times New Roman.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  type FileChild,
  Header,
  type IBorderOptions,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from "docx";
import { formatPoints } from "../core/decimal.ts";
import { clusterWord } from "../core/labels.ts";
import {
  editionLine,
  PROVISIONAL,
  type Provisional,
  provisionalNote,
  type ResultsEdition,
} from "../core/publication.ts";
import type { UnitOutput } from "../core/scenario.ts";
import { formatVietnamTime } from "../core/workflow.ts";
import { issuerLines, textWidth } from "./issuer-lines.ts";
import {
  BLANK_NAME,
  MOTTO,
  NATIONAL_TITLE,
  placeAndDate,
  twoDigits,
  vietnamTime,
} from "./official.ts";

/** What every administrative document carries (Decree 30/2020/NĐ-CP, Appendix I). */
export interface DocumentHeading {
  /** The body above the issuer (cơ quan chủ quản), e.g. "UBND TỈNH LẠNG SƠN"; may be empty. */
  parentBody: string;
  /** The issuing body, e.g. "CỤM THI ĐUA CÁC DOANH NGHIỆP" (the leader unit's office signs). */
  issuer: string;
  /** Number and symbol, e.g. "Số: 05/TTr-CTĐ" (the number may be left blank: "Số:    /TTr-CTĐ"). */
  number: string;
  /** Place and date, e.g. "Lạng Sơn" and 2027-01-20 (written "Lạng Sơn, ngày 20 tháng 01 năm 2027"). */
  place: string;
  date: string;
  /** Recipients (Nơi nhận), each line as written, e.g. "Hội đồng Thi đua - Khen thưởng tỉnh". */
  recipients: string[];
  /** Signature block: e.g. "TM. CỤM THI ĐUA" / "CỤM TRƯỞNG" and the signer's name (may be blank). */
  signer: { capacity: string; title: string; name: string };
}

/** The ranking as the council reads it: one row per unit, in rank order. */
export interface SummaryTable {
  /** Section ids and titles, in order (the table's section columns). */
  sections: { id: string; title: string }[];
  units: (UnitOutput & { name: string; awardLabel: string | null; statusLabel: string })[];
  /** What the evaluation warns of (a bonus several units claim…), printed under the table. */
  warnings?: string[];
}

export interface ProposalInput {
  heading: DocumentHeading;
  cluster: string;
  period: string;
  /** The level whose council decides, e.g. "tỉnh Lạng Sơn". */
  level: string;
  summary: SummaryTable;
  /** The leader's own words added to the proposal, if any. */
  note: string | null;
  /** Results not final yet (a sheet not appraised): the document says "KẾT QUẢ TẠM TÍNH". */
  provisional?: Provisional | null;
  /** When it was made, from which edition of the results (reopened results say so). */
  edition?: ResultsEdition | null;
}

export interface MinutesInput {
  heading: DocumentHeading;
  cluster: string;
  period: string;
  meeting: {
    kindLabel: string;
    title: string;
    /** ISO time; written in Vietnam's time zone. */
    scheduledAt: string;
    place: string;
    agenda: string;
    /** Who chairs, as the minutes name them ("Nguyễn Văn Hùng, Giám đốc …"). */
    chair: string;
    /** The chair's name under the signature, when it differs from `chair`; blank: a dotted line. */
    chairName?: string;
    secretary: string;
    invited: { name: string; role: string }[];
    attendance: {
      units: { name: string; present: boolean | null; delegate: string | null }[];
      members: number;
      present: number;
      quorum: number;
      hasQuorum: boolean;
    };
    decisions: {
      text: string;
      votesFor: number;
      votesAgainst: number;
      passed: boolean;
      escalated: boolean;
    }[];
    ballots: {
      title: string;
      candidates: string[];
      /** Votes per candidate, in the candidates' order; null while the ballot is open. */
      counts: number[] | null;
      outcome: string;
    }[];
    minutes: string;
  };
}

export interface ReportInput {
  heading: DocumentHeading;
  kind: "six-month" | "annual";
  cluster: string;
  /** A Cụm (the default) or a Khối: the report calls it by its own word. */
  clusterKind?: "cluster" | "block";
  period: string;
  /** Each unit's progress through the year. */
  progress: {
    name: string;
    role: string;
    registered: boolean;
    pactSigned: boolean;
    statusLabel: string;
    selfTotal: number | null;
    finalTotal: number | null;
  }[];
  meetings: { date: string; title: string; kindLabel: string; held: boolean }[];
  milestones: { label: string; dueOn: string; late: string[] }[];
  /**
   * The members' own reports to the leader for this report's standing request (the six-month
   * report, the annual report with the self-score sheet): each unit, when it came (an ISO time),
   * how many days late (0 on time); `receivedAt` null: not sent.
   */
  memberReports?: {
    title: string;
    dueOn: string;
    units: { name: string; receivedAt: string | null; daysLate: number }[];
  } | null;
  /** The annual report carries the ranking; the six-month one does not. */
  summary: SummaryTable | null;
  /** The ranking it carries is not final yet (a sheet not appraised): "KẾT QUẢ TẠM TÍNH". */
  provisional?: Provisional | null;
  /** When it was made, from which edition of the results (reopened results say so). */
  edition?: ResultsEdition | null;
}

// ─── Page and type (Decree 30/2020/NĐ-CP, Appendix I) ──────────────────────────────────────────

/** Millimetres to twips (twentieths of a point). */
const mm = (millimetres: number): number => Math.round((millimetres * 1440) / 25.4);

const FONT = "Times New Roman";
/** Body text size in points (the decree allows 13 or 14). */
const BODY_PT = 14;
/** A4 portrait, in twips. */
const A4 = { width: 11906, height: 16838 };
/** Top and bottom 20 mm, left 30 mm, right 15 mm. */
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
/** Width of the text between the margins, in twips. */
export const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
/** First-line indent of body paragraphs: 1.27 cm. */
const FIRST_LINE = 720;
/** Line spacing 1.15 (240 is single). */
const LINE_115 = 276;
/** Spacing after a body paragraph: 6 pt. */
const AFTER_BODY = 120;
/** Left and right padding of the cells of a borderless layout table (1.5 mm). */
const LAYOUT_PADDING = 85;
/** Left and right padding of the cells of a bordered data table (1 mm). */
const GRID_PADDING = 57;
/** Blank lines left for the signature (and the seal). */
const SIGNATURE_LINES = 5;

/** Width of the motto in bold 13 pt Times New Roman, which the line under it matches. */
const MOTTO_WIDTH = textWidth(MOTTO, 13, true);
/** What a measured line is given on top of its width, so that no office suite wraps it. */
const LINE_SAFETY = 60;
/**
 * The heading's two columns: the issuer on the left, at least 6.35 cm and wider when a line of
 * its name needs it, as far as the national title on the right (bold 12 pt, on one line) allows.
 */
const HEADING_LEFT_MIN = 3600;
const HEADING_LEFT_MAX =
  TEXT_WIDTH - textWidth(NATIONAL_TITLE, 12, true) - 2 * LAYOUT_PADDING - 2 * LINE_SAFETY;

// ─── Numbers, dates and text ───────────────────────────────────────────────────────────────────

/** A number written the Vietnamese way (109,5; 1.057,25), rounded to hundredths first. */
const formatNumber = (value: number): string => formatPoints(Math.round(value * 100));

/** A date as "dd/mm/yyyy". */
export function shortDate(iso: string): string {
  const { year, month, day } = vietnamTime(iso);
  return `${twoDigits(day)}/${twoDigits(month)}/${year}`;
}

/** A meeting's time as "08 giờ 30, ngày 20/01/2027", in Vietnam's time zone. */
function meetingTime(iso: string): string {
  const { hour, minute } = vietnamTime(iso);
  return `${twoDigits(hour)} giờ ${twoDigits(minute)}, ngày ${shortDate(iso)}`;
}

const upper = (text: string): string => text.toLocaleUpperCase("vi-VN");

/** The non-empty lines of a text, trimmed. */
export const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");

/** A text ending in a full stop (or the punctuation it already ends with). */
export const sentence = (text: string): string => {
  const trimmed = text.trim();
  return /[.!?:;…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/** A text without the full stop or semicolon it may end with. */
export const clause = (text: string): string => text.trim().replace(/[.;,]+$/, "");

// ─── Runs and paragraphs ───────────────────────────────────────────────────────────────────────

interface RunStyle {
  /** Size in points; the body size when left out. */
  size?: number;
  bold?: boolean;
  italics?: boolean;
}

/** A run of Times New Roman text. */
function run(text: string, style: RunStyle = {}): TextRun {
  return new TextRun({
    text,
    font: FONT,
    size: (style.size ?? BODY_PT) * 2,
    bold: style.bold,
    italics: style.italics,
  });
}

type Content = string | TextRun[];

const runs = (content: Content, style?: RunStyle): TextRun[] =>
  typeof content === "string" ? [run(content, style)] : content;

/** A body paragraph: justified, first line indented 1.27 cm, line spacing 1.15, 6 pt after. */
export function body(content: Content, style: RunStyle & { keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: { before: 0, after: AFTER_BODY, line: LINE_115, lineRule: LineRuleType.AUTO },
    keepNext: style.keepNext,
    children: runs(content, style),
  });
}

/** A body paragraph that starts with a bold label: "Địa điểm: Hội trường …". */
export function labelled(label: string, text = ""): Paragraph {
  const children = [run(label, { bold: true })];
  if (text) children.push(run(` ${text}`));
  return body(children, { keepNext: !text });
}

/** A bold heading inside the body, kept on the page of what follows it. */
export const subheading = (text: string): Paragraph => body(text, { bold: true, keepNext: true });

/**
 * A centred paragraph without indent, at 1.15 lines so that stacked diacritics (Ố, Ử) do not
 * touch the line above.
 */
function centred(
  content: Content,
  style: RunStyle = {},
  spacing: { before?: number; after?: number } = {},
): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: spacing.before ?? 0, after: spacing.after ?? 0, line: LINE_115 },
    children: runs(content, style),
  });
}

/** An empty line of body size (room for a signature). */
const blankLine = (): Paragraph =>
  new Paragraph({ spacing: { before: 0, after: 0, line: LINE_115 }, run: { size: BODY_PT * 2 } });

/** A short horizontal line, `length` twips long, centred in a space `within` twips wide. */
function shortLine(length: number, within: number): Paragraph {
  const side = Math.max(0, Math.round((within - Math.min(length, within)) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 40, after: 0, line: 60, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 } },
    run: { size: 2 },
    children: [],
  });
}

// ─── Tables ────────────────────────────────────────────────────────────────────────────────────

const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const GRID_BORDERS = {
  top: THIN,
  bottom: THIN,
  left: THIN,
  right: THIN,
  insideHorizontal: THIN,
  insideVertical: THIN,
};

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** A borderless table that lays out blocks side by side (heading, signature); one cell a block. */
export function layoutTable(widths: number[], rows: Paragraph[][][]): Table {
  return new Table({
    width: { size: sum(widths), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: TableBorders.NONE,
    rows: rows.map(
      (cells) =>
        new TableRow({
          cantSplit: true,
          children: cells.map(
            (children, i) =>
              new TableCell({
                width: { size: widths[i] ?? 0, type: WidthType.DXA },
                margins: { left: LAYOUT_PADDING, right: LAYOUT_PADDING, top: 0, bottom: 0 },
                verticalAlign: VerticalAlignTable.TOP,
                children: children.length > 0 ? children : [new Paragraph({})],
              }),
          ),
        }),
    ),
  });
}

/** A column of a data table: a fixed width in twips, or a share of the width left over. */
export interface Column {
  header: string;
  width?: number;
  share?: number;
  align?: "left" | "center";
}

/**
 * The widths of a data table's columns across the text width: the fixed ones as given (scaled
 * down if they would leave less than a third of the width), the rest shared out.
 */
function columnWidths(columns: Column[]): number[] {
  const fixed = sum(columns.map((c) => c.width ?? 0));
  const shares = sum(columns.map((c) => (c.width === undefined ? (c.share ?? 1) : 0)));
  const room = shares > 0 ? Math.round(TEXT_WIDTH / 3) : 0;
  const scale = fixed > TEXT_WIDTH - room ? (TEXT_WIDTH - room) / fixed : 1;
  const widths = columns.map((c) => Math.floor((c.width ?? 0) * scale));
  const left = TEXT_WIDTH - sum(widths);
  columns.forEach((c, i) => {
    if (c.width === undefined) widths[i] = Math.floor((left * (c.share ?? 1)) / shares);
  });
  // Whatever rounding left over goes to the first shared (or the last) column.
  const target = columns.findIndex((c) => c.width === undefined);
  const at = target >= 0 ? target : columns.length - 1;
  widths[at] = (widths[at] ?? 0) + TEXT_WIDTH - sum(widths);
  return widths;
}

/** A paragraph in a data table's cell: single spaced, no indent, 2 pt above and below. */
function cellParagraph(text: string, size: number, align: Column["align"], bold = false) {
  return new Paragraph({
    alignment: align === "left" ? AlignmentType.LEFT : AlignmentType.CENTER,
    spacing: { before: 40, after: 40, line: 240 },
    children: [run(text, { size, bold })],
  });
}

/**
 * A bordered data table across the text width, in `size` points: the header row in bold and
 * repeated at the top of each page, no row split across two pages.
 */
export function dataTable(columns: Column[], rows: string[][], size: number): Table {
  const widths = columnWidths(columns);
  const cellOf = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      margins: { left: GRID_PADDING, right: GRID_PADDING, top: 0, bottom: 0 },
      verticalAlign: VerticalAlignTable.CENTER,
      children: [cellParagraph(text, size, header ? "center" : columns[i]?.align, header)],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: GRID_BORDERS,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((c, i) => cellOf(c.header, i, true)),
      }),
      ...rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: columns.map((_, i) => cellOf(row[i] ?? "", i, false)),
          }),
      ),
    ],
  });
}

/** A small paragraph under a table (the legend of its columns): 11 pt italics. */
const tableNote = (text: string, last = false): Paragraph =>
  new Paragraph({
    alignment: AlignmentType.LEFT,
    spacing: { before: 0, after: last ? AFTER_BODY : 0, line: 240 },
    children: [run(text, { size: 11, italics: true })],
  });

/** A thin space after a table, before the body goes on. */
export const afterTable = (): Paragraph =>
  new Paragraph({ spacing: { before: 0, after: AFTER_BODY, line: 240 }, children: [] });

const yesNo = (value: boolean): string => (value ? "Đã" : "Chưa");
const pointsOrDash = (value: number | null | undefined): string =>
  value === null || value === undefined ? "—" : formatNumber(value);

// ─── The shared parts of a document ────────────────────────────────────────────────────────────

/** The lines of the names at the top left, and the width of the column that holds them. */
export function headingLayout(heading: Pick<DocumentHeading, "parentBody" | "issuer">): {
  parentBody: string[];
  issuer: string[];
  /** The left column's width in twips. */
  width: number;
} {
  const room = HEADING_LEFT_MAX - 2 * LAYOUT_PADDING - LINE_SAFETY;
  const parent = issuerLines(heading.parentBody, { maxWidth: room, points: 13, capitals: true });
  const issuer = issuerLines(heading.issuer, {
    maxWidth: room,
    points: 13,
    bold: true,
    capitals: true,
  });
  const needed = Math.max(parent.width, issuer.width) + 2 * LAYOUT_PADDING + LINE_SAFETY;
  return {
    parentBody: parent.lines,
    issuer: issuer.lines,
    width: Math.min(HEADING_LEFT_MAX, Math.max(HEADING_LEFT_MIN, needed)),
  };
}

/**
 * Lines set one under the other in one centred paragraph, each ended by a line break (the
 * break follows a space, so that the name still reads whole when copied).
 */
function centredLines(lines: string[], style: RunStyle): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 0, after: 0, line: LINE_115 },
    children: lines.map(
      (line, i) =>
        new TextRun({
          text: i < lines.length - 1 ? `${line} ` : line,
          break: i > 0 ? 1 : undefined,
          font: FONT,
          size: (style.size ?? BODY_PT) * 2,
          bold: style.bold,
          italics: style.italics,
        }),
    ),
  });
}

/**
 * The heading (Decree 30, Appendix I): a borderless two-column table. Left: the parent body,
 * the issuer in bold with a short line under it, then the number and symbol; each name broken
 * into lines only between words that do not belong together (`issuerLines`), in a column wide
 * enough for its longest line. Right: the national title, the motto with a line as long as it,
 * then the place and date in italics. The number and the date share the second row so that
 * they stand on one line.
 */
export function headingBlock(heading: DocumentHeading): Table {
  const layout = headingLayout(heading);
  const columns = [layout.width, TEXT_WIDTH - layout.width];
  const [leftWidth = 0, rightWidth = 0] = columns;
  const leftInner = leftWidth - 2 * LAYOUT_PADDING;
  const widest = Math.max(0, ...layout.issuer.map((l) => textWidth(l, 13, true)));
  const issuerLine = Math.max(mm(12), Math.round(0.4 * Math.min(widest, leftInner)));
  const left: Paragraph[] = [];
  if (layout.parentBody.length > 0) left.push(centredLines(layout.parentBody, { size: 13 }));
  left.push(
    centredLines(layout.issuer, { size: 13, bold: true }),
    shortLine(issuerLine, leftInner),
  );
  const right = [
    centred(NATIONAL_TITLE, { size: 12, bold: true }),
    centred(MOTTO, { size: 13, bold: true }),
    shortLine(MOTTO_WIDTH, rightWidth - 2 * LAYOUT_PADDING),
  ];
  return layoutTable(columns, [
    [left, right],
    [
      [centred(heading.number, { size: 13 }, { before: 120 })],
      [centred(placeAndDate(heading.place, heading.date), { italics: true }, { before: 120 })],
    ],
  ]);
}

/** The document's name in bold capitals and its subject in bold under it, then a short line. */
export function titleBlock(title: string, subject: string): Paragraph[] {
  const line = Math.max(
    mm(20),
    Math.round(Math.min(textWidth(subject, BODY_PT, true), TEXT_WIDTH) / 3),
  );
  return [
    centred(upper(title), { bold: true }, { before: 360 }),
    centred(subject, { bold: true }, { before: 40 }),
    shortLine(line, TEXT_WIDTH),
    new Paragraph({ spacing: { before: 0, after: 120, line: 240 }, children: [] }),
  ];
}

/**
 * A signer's block, centred (Decree 30): the capacity ("TM. KHỐI THI ĐUA") and the title
 * ("KHỐI TRƯỞNG") in bold capitals, room to sign and seal, then the full name in bold; a
 * dotted line where the name is not known, never an invented one.
 */
export function signerBlock(capacity: string, title: string, name: string): Paragraph[] {
  const block = [capacity, title]
    .filter((line) => line.trim() !== "")
    .map((line) => centred(upper(line.trim()), { bold: true }));
  for (let i = 0; i < SIGNATURE_LINES; i++) block.push(blankLine());
  block.push(name.trim() ? centred(name.trim(), { bold: true }) : centred(BLANK_NAME));
  return block;
}

/**
 * The end of a proposal or report: a borderless two-column table, the recipients on the left
 * ("Nơi nhận:" in bold italics, one "- …;" line each, the last ending in "."), the signer on the
 * right.
 */
export function closingBlock(heading: DocumentHeading): FileChild[] {
  const recipients = heading.recipients.map(clause).filter((r) => r !== "");
  const leftWidth = Math.round(TEXT_WIDTH * 0.45);
  const room = leftWidth - 2 * LAYOUT_PADDING - LINE_SAFETY;
  const left =
    recipients.length === 0
      ? []
      : [
          new Paragraph({
            spacing: { before: 0, after: 0, line: 240 },
            children: [run("Nơi nhận:", { size: 12, bold: true, italics: true })],
          }),
          // a recipient too long for a line goes on the next between words that do not
          // belong together, never inside a name ("tỉnh Lạng / Sơn")
          ...recipients.map((r, i) => {
            const text = `- ${r}${i === recipients.length - 1 ? "." : ";"}`;
            const { lines } = issuerLines(text, { maxWidth: room, points: 11 });
            return new Paragraph({
              spacing: { before: 0, after: 0, line: 240 },
              children: lines.map(
                (line, k) =>
                  new TextRun({
                    text: k < lines.length - 1 ? `${line} ` : line,
                    break: k > 0 ? 1 : undefined,
                    font: FONT,
                    size: 22,
                  }),
              ),
            });
          }),
        ];
  const { capacity, title, name } = heading.signer;
  return [
    afterTable(),
    layoutTable([leftWidth, TEXT_WIDTH - leftWidth], [[left, signerBlock(capacity, title, name)]]),
  ];
}

/** Put the parts together on A4 pages, numbered at the top from the second page on. */
export async function pack(title: string, children: FileChild[]): Promise<Buffer> {
  const pageNumber = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: BODY_PT * 2 })],
      }),
    ],
  });
  const document = new Document({
    creator: "TĐKT Cụm",
    title,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: BODY_PT * 2, language: { value: "vi-VN" } },
          paragraph: { spacing: { before: 0, after: 0, line: 240 } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT },
            margin: { ...MARGIN, header: mm(10), footer: mm(10) },
          },
        },
        headers: { default: pageNumber, first: new Header({ children: [new Paragraph({})] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

// ─── The summary table ─────────────────────────────────────────────────────────────────────────

/**
 * The ranking as the council reads it, used by the proposal and the annual report: a bordered
 * table in 11 pt (rank, unit, one column per section, bonus, deductions, total, proposed award,
 * status), then one line per section, "{id}: {title}", in 11 pt italics.
 */
function summaryBlock(summary: SummaryTable): FileChild[] {
  const sectionWidth = summary.sections.length > 5 ? 520 : 650;
  const columns: Column[] = [
    { header: "Xếp hạng", width: 650 },
    { header: "Đơn vị", share: 40, align: "left" },
    ...summary.sections.map((s): Column => ({ header: s.id, width: sectionWidth })),
    { header: "Thưởng", width: 900 },
    { header: "Trừ", width: 650 },
    { header: "Tổng điểm", width: 900 },
    { header: "Hình thức đề nghị", share: 34, align: "left" },
    { header: "Tình trạng", share: 26 },
  ];
  const rows = summary.units.map((u) => [
    String(u.rank),
    u.name,
    ...summary.sections.map((s) => pointsOrDash(u.sections[s.id])),
    formatNumber(u.bonus),
    formatNumber(u.deductions),
    formatNumber(u.total),
    u.awardLabel ?? "—",
    u.statusLabel,
  ]);
  const legend = summary.sections.map((s, i) =>
    tableNote(`${s.id}: ${s.title}`, i === summary.sections.length - 1),
  );
  const warnings = (summary.warnings ?? []).map((w) =>
    body(`Lưu ý: ${w}`, { italics: true, bold: true }),
  );
  return [
    dataTable(columns, rows, 11),
    ...(legend.length > 0 ? legend : [afterTable()]),
    ...warnings,
  ];
}

/**
 * Under the title of a document that carries results: provisional ones marked, with why; then
 * when the document was made, from which edition of the results (a reopened result says so).
 */
function provisionalBlock(
  provisional: Provisional | null | undefined,
  edition?: ResultsEdition | null,
): Paragraph[] {
  return [
    ...(provisional
      ? [
          centred(`(${PROVISIONAL})`, { bold: true }, { after: 120 }),
          body(provisionalNote(provisional.notAppraised), { italics: true }),
        ]
      : []),
    ...(edition
      ? [body(editionLine(edition, formatVietnamTime), { italics: true, bold: !!edition.reopened })]
      : []),
  ];
}

// ─── Tờ trình đề nghị khen thưởng ──────────────────────────────────────────────────────────────

/** The proposed awards, grouped by award in rank order: "- {award}: {units}." */
function proposedAwards(units: SummaryTable["units"]): Paragraph[] {
  const groups = new Map<string, string[]>();
  for (const u of units) {
    if (u.award === null) continue;
    const label = u.awardLabel ?? u.award;
    groups.set(label, [...(groups.get(label) ?? []), u.name]);
  }
  if (groups.size === 0) return [body("Không có đơn vị nào được đề nghị khen thưởng.")];
  return [...groups].map(([label, names]) => body(`- ${label}: ${names.join(", ")}.`));
}

/** Each unit not proposed, with its status and the last line of its reasons. */
function notProposed(units: SummaryTable["units"]): Paragraph[] {
  const others = units.filter((u) => u.status !== "proposed");
  if (others.length === 0) return [body("Không có.")];
  return others.map((u) => {
    const reason = u.reasons.at(-1);
    return body(`- ${u.name} (${u.statusLabel})${reason ? `: ${sentence(reason)}` : "."}`);
  });
}

/** The award proposal of a cluster's year to the council (tờ trình đề nghị khen thưởng). */
export async function proposalDocument(input: ProposalInput): Promise<Buffer> {
  const { heading, cluster, period, level, summary } = input;
  const council = `Hội đồng Thi đua - Khen thưởng${level.trim() ? ` ${level.trim()}` : ""}`;
  return pack("Tờ trình đề nghị khen thưởng", [
    headingBlock(heading),
    ...titleBlock("TỜ TRÌNH", `Về việc đề nghị khen thưởng thành tích thi đua năm ${period}`),
    ...provisionalBlock(input.provisional, input.edition),
    centred(`Kính gửi: ${council}.`, {}, { after: 240 }),
    body(
      `Căn cứ tiêu chí chấm điểm thi đua năm ${period}, ${cluster} đã tổ chức chấm điểm, bình xét ` +
        `thi đua năm ${period} đối với ${summary.units.length} đơn vị thành viên. Trên cơ sở kết quả ` +
        `bình xét, ${cluster} đề nghị khen thưởng như sau:`,
    ),
    subheading("1. Kết quả chấm điểm, xếp hạng các đơn vị thành viên"),
    ...summaryBlock(summary),
    subheading("2. Đề nghị khen thưởng"),
    ...proposedAwards(summary.units),
    subheading("3. Các đơn vị không (chưa) đề nghị khen thưởng và lý do"),
    ...notProposed(summary.units),
    ...(input.note ? lines(input.note).map((line) => body(line)) : []),
    body(`Kính đề nghị ${council} xem xét, quyết định./.`),
    ...closingBlock(heading),
  ]);
}

// ─── Biên bản cuộc họp ─────────────────────────────────────────────────────────────────────────

const presence = (present: boolean | null): string =>
  present === null ? "Chưa điểm danh" : present ? "Có mặt" : "Vắng";

/** Attendance: the table of member units and the quorum sentence. */
function attendanceBlock(attendance: MinutesInput["meeting"]["attendance"]): FileChild[] {
  const { members, present, quorum, hasQuorum } = attendance;
  return [
    labelled("Thành phần dự họp:"),
    dataTable(
      [
        { header: "STT", width: 650 },
        { header: "Đơn vị", share: 62, align: "left" },
        { header: "Đại biểu dự họp", share: 38, align: "left" },
        { header: "Có mặt", width: 1750 },
      ],
      attendance.units.map((u, i) => [
        String(i + 1),
        u.name,
        u.delegate?.trim() || "—",
        presence(u.present),
      ]),
      12,
    ),
    afterTable(),
    body(
      `Có mặt ${present}/${members} đơn vị thành viên; số cần có để cuộc họp hợp lệ (hai phần ba): ` +
        `${quorum}. Cuộc họp ${hasQuorum ? "đủ" : "không đủ"} điều kiện tiến hành.`,
    ),
  ];
}

/** The decisions, numbered, with their votes and outcome. */
function decisionsBlock(decisions: MinutesInput["meeting"]["decisions"]): Paragraph[] {
  if (decisions.length === 0) return [];
  return [
    labelled("Các nội dung biểu quyết:"),
    ...decisions.map((d, i) =>
      body(
        `${i + 1}. ${clause(d.text)} — tán thành ${d.votesFor}, không tán thành ${d.votesAgainst}: ` +
          `${d.passed ? "Thông qua" : "Không thông qua"}` +
          `${d.escalated ? " (báo cáo Hội đồng Thi đua - Khen thưởng)" : ""}.`,
      ),
    ),
  ];
}

/** The ballots: the title, each candidate with their votes once counted, the outcome. */
function ballotsBlock(ballots: MinutesInput["meeting"]["ballots"]): Paragraph[] {
  if (ballots.length === 0) return [];
  const block = [labelled("Kết quả bỏ phiếu:")];
  ballots.forEach((b, i) => {
    block.push(body(`${i + 1}. ${clause(b.title)}:`, { keepNext: true }));
    b.candidates.forEach((name, j) => {
      const counted = b.counts === null ? "" : `: ${b.counts[j] ?? 0} phiếu`;
      block.push(body(`- ${name}${counted}${j === b.candidates.length - 1 ? "." : ";"}`));
    });
    if (b.outcome.trim()) block.push(body(sentence(b.outcome)));
  });
  return block;
}

/** The minutes of a meeting (biên bản), signed by the secretary and the chair. */
export async function minutesDocument(input: MinutesInput): Promise<Buffer> {
  const { heading, cluster, period, meeting } = input;
  const agenda = lines(meeting.agenda);
  const minutes = lines(meeting.minutes);
  const half = Math.round(TEXT_WIDTH / 2);
  return pack("Biên bản cuộc họp", [
    headingBlock(heading),
    ...titleBlock("BIÊN BẢN", meeting.title),
    body(
      `Thực hiện chương trình công tác năm ${period}, ${cluster} tổ chức cuộc họp (${meeting.kindLabel}).`,
    ),
    labelled("Thời gian:", `${meetingTime(meeting.scheduledAt)}.`),
    labelled("Địa điểm:", sentence(meeting.place || "…")),
    labelled("Chủ trì:", sentence(meeting.chair || "…")),
    labelled("Thư ký:", sentence(meeting.secretary || "…")),
    ...(meeting.invited.length === 0
      ? [labelled("Đại biểu mời:", "không có.")]
      : [
          labelled("Đại biểu mời:"),
          ...meeting.invited.map((d, i) =>
            body(
              `- ${d.name}${d.role.trim() ? `, ${clause(d.role)}` : ""}${i === meeting.invited.length - 1 ? "." : ";"}`,
            ),
          ),
        ]),
    ...attendanceBlock(meeting.attendance),
    labelled("Nội dung:", agenda.length === 0 ? "…" : ""),
    ...agenda.map((line) => body(line)),
    ...decisionsBlock(meeting.decisions),
    ...ballotsBlock(meeting.ballots),
    ...(minutes.length === 0
      ? []
      : [labelled("Diễn biến cuộc họp:"), ...minutes.map((l) => body(l))]),
    body(
      "Cuộc họp kết thúc vào lúc … giờ … phút, biên bản đã được thông qua trước các đại biểu dự họp.",
    ),
    afterTable(),
    layoutTable(
      [half, TEXT_WIDTH - half],
      [
        [
          signerBlock("THƯ KÝ", "", meeting.secretary),
          signerBlock("CHỦ TRÌ", "", meeting.chairName ?? meeting.chair),
        ],
      ],
    ),
  ]);
}

// ─── Báo cáo sơ kết, tổng kết ──────────────────────────────────────────────────────────────────

/** I. The cluster's organisation: the counts, then every unit's progress through the year. */
function organisationBlock(input: ReportInput): FileChild[] {
  const { progress, cluster, period } = input;
  const registered = progress.filter((p) => p.registered).length;
  const signed = progress.filter((p) => p.pactSigned).length;
  return [
    subheading(`I. TÌNH HÌNH TỔ CHỨC, HOẠT ĐỘNG CỦA ${upper(clusterWord(input.clusterKind))}`),
    body(
      `${cluster} có ${progress.length} đơn vị thành viên; ${registered}/${progress.length} đơn vị ` +
        `đã đăng ký thi đua, ${signed}/${progress.length} đơn vị đã ký giao ước thi đua năm ${period}. ` +
        "Tiến độ của từng đơn vị như sau:",
    ),
    dataTable(
      [
        { header: "STT", width: 600 },
        { header: "Đơn vị", share: 60, align: "left" },
        { header: "Vai trò", width: 1200 },
        { header: "Đăng ký", width: 900 },
        { header: "Giao ước", width: 900 },
        { header: "Biểu chấm điểm", share: 40 },
        { header: "Tự chấm", width: 850 },
        { header: "Kết quả", width: 850 },
      ],
      progress.map((p, i) => [
        String(i + 1),
        p.name,
        p.role,
        yesNo(p.registered),
        yesNo(p.pactSigned),
        p.statusLabel,
        pointsOrDash(p.selfTotal),
        pointsOrDash(p.finalTotal),
      ]),
      11,
    ),
    afterTable(),
  ];
}

/** II. The meetings of the period, held or still to come. */
function meetingsBlock(input: ReportInput): FileChild[] {
  const { meetings } = input;
  const heading = subheading("II. CÁC CUỘC HỌP");
  if (meetings.length === 0) {
    return [heading, body(`Trong kỳ, ${clusterWord(input.clusterKind)} chưa có cuộc họp nào.`)];
  }
  return [
    heading,
    dataTable(
      [
        { header: "Ngày", width: 1400 },
        { header: "Cuộc họp", share: 65, align: "left" },
        { header: "Loại", share: 35, align: "left" },
        { header: "Tình trạng", width: 1400 },
      ],
      meetings.map((m) => [
        shortDate(m.date),
        m.title,
        m.kindLabel,
        m.held ? "Đã họp" : "Chưa họp",
      ]),
      12,
    ),
    afterTable(),
  ];
}

/** III. The milestones: "- {label} — hạn dd/mm/yyyy; chậm: {units}." */
function milestonesBlock(milestones: ReportInput["milestones"]): Paragraph[] {
  return [
    subheading("III. TIẾN ĐỘ THEO CÁC MỐC"),
    ...(milestones.length === 0
      ? [body("Chưa có mốc tiến độ nào.")]
      : milestones.map((m) =>
          body(
            `- ${m.label} — hạn ${shortDate(m.dueOn)}${m.late.length > 0 ? `; chậm: ${m.late.join(", ")}` : ""}.`,
          ),
        )),
  ];
}

/**
 * Under III, the members' reports to the leader for this report's standing request: the counts,
 * then each unit with the day its report came and whether on time, late by N days or not sent.
 */
function memberReportsBlock(reports: ReportInput["memberReports"]): FileChild[] {
  if (!reports) return [];
  const total = reports.units.length;
  const sent = reports.units.filter((u) => u.receivedAt !== null);
  const late = sent.filter((u) => u.daysLate > 0).length;
  return [
    labelled("Tình hình gửi báo cáo của các đơn vị thành viên:"),
    body(
      `${reports.title} (hạn ${shortDate(reports.dueOn)}): ${sent.length}/${total} đơn vị đã gửi` +
        `${sent.length > 0 ? ` (${sent.length - late} đúng hạn, ${late} chậm)` : ""}` +
        `${total > sent.length ? `, ${total - sent.length} đơn vị chưa gửi` : ""}.`,
    ),
    dataTable(
      [
        { header: "STT", width: 600 },
        { header: "Đơn vị", share: 100, align: "left" },
        { header: "Ngày nhận", width: 1500 },
        { header: "Tình trạng", width: 2000 },
      ],
      reports.units.map((u, i) => [
        String(i + 1),
        u.name,
        u.receivedAt === null ? "—" : shortDate(u.receivedAt),
        u.receivedAt === null
          ? "Chưa gửi"
          : u.daysLate > 0
            ? `Chậm ${u.daysLate} ngày`
            : "Đúng hạn",
      ]),
      12,
    ),
    afterTable(),
  ];
}

/** The six-month or annual report of a cluster (báo cáo sơ kết 6 tháng, tổng kết năm). */
export async function reportDocument(input: ReportInput): Promise<Buffer> {
  const { heading, kind, cluster, period } = input;
  const subject =
    kind === "six-month"
      ? `Kết quả thực hiện phong trào thi đua 6 tháng đầu năm ${period} của ${cluster}`
      : `Tổng kết phong trào thi đua năm ${period} của ${cluster}`;
  const results: FileChild[] =
    kind === "annual"
      ? [
          subheading("IV. KẾT QUẢ CHẤM ĐIỂM, BÌNH XÉT"),
          ...(input.summary
            ? [
                ...(input.provisional
                  ? [body(`${PROVISIONAL} (chưa thẩm định xong tất cả các biểu).`, { bold: true })]
                  : []),
                ...summaryBlock(input.summary),
              ]
            : [body("Chưa có kết quả chấm điểm, bình xét.")]),
        ]
      : [];
  return pack(kind === "six-month" ? "Báo cáo sơ kết 6 tháng" : "Báo cáo tổng kết năm", [
    headingBlock(heading),
    ...titleBlock("BÁO CÁO", subject),
    ...provisionalBlock(input.summary ? input.provisional : null, input.edition),
    ...organisationBlock(input),
    ...meetingsBlock(input),
    ...milestonesBlock(input.milestones),
    ...memberReportsBlock(input.memberReports),
    ...results,
    ...closingBlock(heading),
  ]);
}
