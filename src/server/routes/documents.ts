/**
 * The official files of a cluster's year: the summary, a unit's scoring sheet and the whole
 * cluster as Excel workbooks; the award proposal, the minutes of a meeting and the six-month and
 * annual reports as Word documents; and what users fill offline read back: a scoring sheet, a
 * cluster's criteria, the units of a cluster.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { findPreset } from "../../core/presets/index.ts";
import { frameworkSpec } from "../../core/scheme.ts";
import { ImportError } from "../../documents/problems.ts";
import { notFound } from "../errors.ts";
import {
  assert,
  canSeePeriod,
  canSeeResults,
  canSeeSheet,
  clusterAccess,
  DENY,
  type PeriodAccess,
  periodAccess,
} from "../policies/access.ts";
import { periodFramework } from "../queries/cluster-year.ts";
import { id, requireAdmin, requireUser, type UploadRequest, uploadedFile } from "../request.ts";
import { attachment } from "./evidence.ts";

/**
 * The Excel and Word libraries (a quarter of a second to load) are not loaded before the server
 * answers: `warmDocuments` loads them in the background once it does.
 */
const load = {
  queries: () => import("../queries/documents.ts"),
  sheet: () => import("../../documents/excel-sheet.ts"),
  summary: () => import("../../documents/excel-summary.ts"),
  lists: () => import("../../documents/excel-lists.ts"),
  cells: () => import("../../documents/excel-cells.ts"),
  word: () => import("../../documents/word.ts"),
  importSheet: () => import("../commands/scoring/import-sheet.ts"),
  undoImport: () => import("../commands/scoring/undo-sheet-import.ts"),
  sheetImports: () => import("../queries/sheet-imports.ts"),
  importUnits: () => import("../commands/organisation/import-units.ts"),
};

/**
 * Load every document module and write one small file of each kind, so the first file a person
 * asks for after the start does not wait for the libraries. Called once the server listens.
 */
export async function warmDocuments(): Promise<void> {
  await Promise.all(Object.values(load).map((module) => module()));
  const { warmUp } = await import("../../documents/warm-up.ts");
  await warmUp();
}

const tags = ["tệp Excel, Word"];
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Those who read every unit's sheet: the leadership, the standing agency, the council, admin. */
const seesEverySheet = (a: PeriodAccess) =>
  a.leadership || a.standing || a.council || a.admin || a.data;
const DENY_CLUSTER_FILES =
  "Chỉ Cụm trưởng, Cụm phó, cơ quan thường trực và thành viên Hội đồng theo dõi Cụm tải được tệp này.";

/** A name for a downloaded file: the document and the period, without diacritics trouble. */
const fileName = (what: string, a: PeriodAccess, ext: "xlsx" | "docx") =>
  `${what} - ${a.cluster.name} - ${a.period.label}.${ext}`;

export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;
  const access = (request: Parameters<typeof requireUser>[0], periodId: number) =>
    periodAccess(db(), requireUser(request), periodId);
  const send = (
    reply: { header(k: string, v: string): unknown; send(b: Buffer): unknown },
    bytes: Buffer,
    type: string,
    name: string,
  ) => {
    reply.header("content-type", type);
    reply.header("content-disposition", attachment(name));
    return reply.send(bytes);
  };
  /** The one Excel file of a multipart upload, at most 10 MB. */
  const upload = async (request: UploadRequest) => {
    const { fileName, bytes } = await uploadedFile(
      request,
      "Chưa có tệp: hãy chọn một tệp Excel (.xlsx) để nhập.",
    );
    return { fileName: fileName ?? "(tệp không tên)", bytes };
  };

  const firstSheetOf = async (file: { fileName: string; bytes: Uint8Array }) =>
    (await load.cells()).loadFirstSheet(file.bytes, file.fileName);
  const periodParams = z.object({ periodId: id });
  const unitParams = z.object({ periodId: id, unitId: id });

  app.get(
    "/api/periods/:periodId/documents/summary.xlsx",
    { schema: { tags, summary: "Bảng tổng hợp kết quả của Cụm (Excel)", params: periodParams } },
    async (request, reply) => {
      const a = await access(request, request.params.periodId);
      assert(canSeeResults(a), DENY.results);
      const docs = await (await load.queries()).periodDocuments(db(), a);
      return send(
        reply,
        await (await load.summary()).summaryWorkbook(docs.summary),
        XLSX,
        fileName("Bảng tổng hợp", a, "xlsx"),
      );
    },
  );

  app.get(
    "/api/periods/:periodId/documents/workbook.xlsx",
    {
      schema: {
        tags,
        summary: "Cả Cụm trong một tệp: bảng tổng hợp và biểu của từng đơn vị",
        params: periodParams,
      },
    },
    async (request, reply) => {
      const a = await access(request, request.params.periodId);
      assert(seesEverySheet(a), DENY_CLUSTER_FILES);
      const { periodDocuments, sheetInputs } = await load.queries();
      const docs = await periodDocuments(db(), a);
      const sheets = await sheetInputs(db(), a, docs);
      const bytes = await (await load.summary()).clusterWorkbook(docs.summary, sheets);
      return send(reply, bytes, XLSX, fileName("Kết quả chấm điểm", a, "xlsx"));
    },
  );

  app.get(
    "/api/periods/:periodId/units/:unitId/documents/sheet.xlsx",
    {
      schema: {
        tags,
        summary: "Biểu chấm điểm của một đơn vị (Excel), để in hoặc điền",
        params: unitParams,
      },
    },
    async (request, reply) => {
      const a = await access(request, request.params.periodId);
      assert(canSeeSheet(a, request.params.unitId), DENY.sheet);
      const { periodDocuments, sheetInputs } = await load.queries();
      const docs = await periodDocuments(db(), a);
      const [sheet] = await sheetInputs(db(), a, docs, [request.params.unitId]);
      if (!sheet) throw notFound(`đơn vị số ${request.params.unitId} trong kỳ thi đua này`);
      const bytes = await (await load.sheet()).sheetWorkbook(sheet);
      return send(
        reply,
        bytes,
        XLSX,
        `Biểu chấm điểm - ${sheet.unit.name} - ${a.period.label}.xlsx`,
      );
    },
  );

  /** Who imports into a unit's sheet (the stage they write is the engine's rule). */
  const importer = async (
    request: Parameters<typeof requireUser>[0],
    periodId: number,
    unitId: number,
  ) => {
    const a = await access(request, periodId);
    const own = a.user.role === "unit" && a.user.unitId === unitId && a.memberRole !== null;
    assert(own || a.leadership || a.standing || a.data, DENY.ownUnit);
    return a;
  };
  const change = z.object({
    criterionId: z.string(),
    title: z.string(),
    before: z.string().nullable(),
    after: z.string(),
  });

  app.post(
    "/api/periods/:periodId/units/:unitId/sheet-import/preview",
    {
      schema: {
        tags,
        summary:
          "Xem trước các thay đổi của biểu chấm điểm đã điền (Excel): tiêu chí, giá trị trước, giá trị sau; chưa lưu gì",
        consumes: ["multipart/form-data"],
        params: unitParams,
        response: {
          200: z.object({
            stage: z.string(),
            column: z.string(),
            fileName: z.string(),
            changes: z.array(change),
            token: z.string(),
          }),
        },
      },
    },
    async (request) => {
      const a = await importer(request, request.params.periodId, request.params.unitId);
      const file = await upload(request);
      const { previewSheetImport } = await load.importSheet();
      return previewSheetImport(db(), a, { unitId: request.params.unitId, ...file });
    },
  );

  app.post(
    "/api/periods/:periodId/units/:unitId/sheet-import",
    {
      schema: {
        tags,
        summary:
          "Nhập điểm từ biểu chấm điểm đã điền (Excel) vào cột của bước bạn đang chấm, sau khi xem trước: gửi lại đúng tệp đã xem với mã xác nhận (token) của lần xem trước (cơ quan cung cấp số liệu: số liệu chính thức, đọc ở cột Cụm chấm)",
        consumes: ["multipart/form-data"],
        params: unitParams,
        querystring: z.object({ token: z.string().max(100_000).optional() }),
        response: {
          200: z.object({
            stage: z.string(),
            column: z.string(),
            changed: z.array(z.string()),
            importId: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const a = await importer(request, request.params.periodId, request.params.unitId);
      const file = await upload(request);
      const { importSheet } = await load.importSheet();
      return importSheet(db(), a, {
        unitId: request.params.unitId,
        ...file,
        token: request.query.token ?? null,
      });
    },
  );

  app.get(
    "/api/periods/:periodId/units/:unitId/sheet-imports",
    {
      schema: {
        tags,
        summary:
          "Các lần nhập biểu chấm điểm từ tệp gần đây, mỗi lần có hoàn tác được lúc này hay không",
        params: unitParams,
      },
    },
    async (request) => {
      const a = await importer(request, request.params.periodId, request.params.unitId);
      return (await load.sheetImports()).sheetImports(db(), a, request.params.unitId);
    },
  );

  app.post(
    "/api/periods/:periodId/units/:unitId/sheet-import/:importId/undo",
    {
      schema: {
        tags,
        summary:
          "Hoàn tác cả một lần nhập từ tệp khi bước đó còn mở: mọi giá trị trở lại như trước khi nhập, có ghi lịch sử",
        params: z.object({ periodId: id, unitId: id, importId: z.uuid() }),
      },
    },
    async (request) => {
      const a = await importer(request, request.params.periodId, request.params.unitId);
      const { undoSheetImport } = await load.undoImport();
      return undoSheetImport(db(), a, {
        unitId: request.params.unitId,
        importId: request.params.importId,
      });
    },
  );

  app.get(
    "/api/periods/:periodId/documents/criteria.xlsx",
    {
      schema: {
        tags,
        summary: "Bộ tiêu chí riêng của Cụm (mẫu Excel để điền)",
        params: periodParams,
      },
    },
    async (request, reply) => {
      const a = await access(request, request.params.periodId);
      assert(canSeePeriod(a), DENY.period);
      return send(
        reply,
        await (await load.lists()).criteriaTemplate(a.period.criteria),
        XLSX,
        fileName("Bộ tiêu chí", a, "xlsx"),
      );
    },
  );

  app.post(
    "/api/periods/:periodId/criteria-import",
    {
      schema: {
        tags,
        summary:
          "Đọc bộ tiêu chí riêng của Cụm từ tệp Excel (chưa lưu: xem lại rồi lưu trên màn hình)",
        consumes: ["multipart/form-data"],
        params: periodParams,
      },
    },
    async (request) => {
      const a = await access(request, request.params.periodId);
      assert(
        a.leadership || a.standing || a.admin,
        "Chỉ Cụm trưởng, Cụm phó và cơ quan thường trực xây dựng bộ tiêu chí của Cụm.",
      );
      const ws = await firstSheetOf(await upload(request));
      const preset = findPreset(a.period.schemeId);
      const levelFramework = await periodFramework(db(), a.period);
      const read = (await load.lists()).readCriteria(
        ws,
        levelFramework ? frameworkSpec(preset, levelFramework) : preset,
      );
      if (read.problems.length > 0) throw new ImportError(read.problems);
      return { criteria: read.criteria };
    },
  );

  app.get(
    "/api/clusters/:id/documents/units.xlsx",
    { schema: { tags, summary: "Mẫu danh sách đơn vị của Cụm (Excel)", params: z.object({ id }) } },
    async (request, reply) => {
      const user = requireAdmin(request);
      await clusterAccess(db(), user, request.params.id);
      return send(reply, await (await load.lists()).unitsTemplate(), XLSX, "Danh sách đơn vị.xlsx");
    },
  );

  app.post(
    "/api/clusters/:id/units-import",
    {
      schema: {
        tags,
        summary: "Nhập các đơn vị của Cụm từ tệp Excel (mã, tên, loại, vai trò)",
        consumes: ["multipart/form-data"],
        params: z.object({ id }),
      },
    },
    async (request, reply) => {
      const user = requireAdmin(request);
      const ws = await firstSheetOf(await upload(request));
      const read = (await load.lists()).readUnits(ws);
      if (read.problems.length > 0) throw new ImportError(read.problems);
      return reply
        .status(201)
        .send(
          await (await load.importUnits()).importUnits(
            db(),
            user.id,
            request.params.id,
            read.units,
          ),
        );
    },
  );

  app.get(
    "/api/periods/:periodId/documents/proposal.docx",
    {
      schema: {
        tags,
        summary: "Tờ trình đề nghị khen thưởng gửi Hội đồng (Word)",
        params: periodParams,
      },
    },
    async (request, reply) => {
      const a = await access(request, request.params.periodId);
      assert(a.leadership || a.standing || a.council || a.admin, DENY_CLUSTER_FILES);
      const docs = await (await load.queries()).periodDocuments(db(), a);
      const bytes = await (await load.word()).proposalDocument(docs.proposal(null));
      return send(reply, bytes, DOCX, fileName("Tờ trình đề nghị khen thưởng", a, "docx"));
    },
  );

  app.get(
    "/api/periods/:periodId/documents/report.docx",
    {
      schema: {
        tags,
        summary: "Báo cáo sơ kết 6 tháng hoặc tổng kết năm của Cụm (Word)",
        params: periodParams,
        querystring: z.object({ kind: z.enum(["six-month", "annual"]).default("annual") }),
      },
    },
    async (request, reply) => {
      const a = await access(request, request.params.periodId);
      assert(a.leadership || a.standing || a.council || a.admin, DENY_CLUSTER_FILES);
      const { periodDocuments, reportInput } = await load.queries();
      const docs = await periodDocuments(db(), a);
      const input = await reportInput(db(), a, docs, request.query.kind);
      const bytes = await (await load.word()).reportDocument(input);
      const what =
        request.query.kind === "annual" ? "Báo cáo tổng kết năm" : "Báo cáo sơ kết 6 tháng";
      return send(reply, bytes, DOCX, fileName(what, a, "docx"));
    },
  );

  app.get(
    "/api/periods/:periodId/meetings/:meetingId/minutes.docx",
    {
      schema: {
        tags,
        summary: "Biên bản cuộc họp (Word)",
        params: z.object({ periodId: id, meetingId: id }),
      },
    },
    async (request, reply) => {
      const a = await access(request, request.params.periodId);
      assert(canSeePeriod(a), DENY.period);
      const { minutesInput } = await load.queries();
      const input = await minutesInput(db(), a, request.params.meetingId);
      return send(
        reply,
        await (await load.word()).minutesDocument(input),
        DOCX,
        `Biên bản - ${input.meeting.title}.docx`,
      );
    },
  );
};
