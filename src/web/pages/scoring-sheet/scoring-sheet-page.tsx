/**
 * Biểu chấm điểm of one unit: the tree of criteria with the official columns (STT, Nội dung,
 * Điểm tối đa, Tự chấm, Cụm chấm, Thẩm định, Minh chứng), the column the user may score now
 * editable and checked by the engine as they type, the server's points and totals (with the
 * whole cluster) in the rows and a sticky footer, a preview marked as such while a value is
 * typed and not saved yet, saved as they go; evidence, explanations, the unit's agreement with
 * the cluster, the next steps of the sheet, and the history of every score.
 */
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from "antd";
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { maximumEverywhere, type ScoreValue } from "../../../core/evaluate.ts";
import {
  OFFICIAL_COLUMN_TITLE,
  officialSource,
  takesOfficialFigure,
} from "../../../core/official-figures.ts";
import { type SheetActor, type SheetStatus, sheetStage } from "../../../core/workflow.ts";
import { DownloadButton } from "../../files.tsx";
import { formatDate, formatDateTime } from "../../format.ts";
import { useSession } from "../../session.tsx";
import {
  type CriterionRow,
  type PeriodOverview,
  useClusterWords,
  usePeriod,
  usePeriodId,
} from "../period/period-data.ts";
import { EvidenceModal } from "./evidence-modal.tsx";
import { HistoryDrawer } from "./history-drawer.tsx";
import { SaveStatus } from "./save-status.tsx";
import { type Completeness, SheetActions } from "./sheet-actions.tsx";
import { SheetCards } from "./sheet-cards.tsx";
import {
  type ColumnContext,
  type GridStage,
  sheetCells,
  sheetColumns,
  type TreeRow,
} from "./sheet-columns.tsx";
import {
  type EvidenceItem,
  type SheetData,
  type SheetRow,
  sheetKey,
  useEvidence,
  useSheet,
} from "./sheet-data.ts";
import { evaluateSheet, refusal, savedStaged, useBrowserScheme } from "./sheet-engine.ts";
import { sheetFigures } from "./sheet-figures.ts";
import { LastSheetImport, SheetImportButton } from "./sheet-import.tsx";
import { focusRow } from "./sheet-nav.ts";
import { SheetTotals } from "./sheet-totals.tsx";
import { STATUS_TONES } from "./tones.ts";
import { useScoreSaver } from "./use-score-saver.ts";
import { type Form, formOf, sameValue } from "./values.ts";

export function ScoringSheetPage() {
  const periodId = usePeriodId();
  const unitId = Number(useParams().unitId);
  const period = usePeriod();
  const sheet = useSheet(periodId, unitId);
  if (period.isPending || sheet.isPending) return <Spin />;
  if (period.isError) return <Alert type="error" showIcon title={period.error.message} />;
  if (sheet.isError) return <Alert type="error" showIcon title={sheet.error.message} />;
  return <SheetView key={unitId} overview={period.data} sheet={sheet.data} />;
}

function SheetView({ overview, sheet }: { overview: PeriodOverview; sheet: SheetData }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const w = useClusterWords();
  const periodId = overview.period.id;
  const unitId = sheet.unit.id;
  const status = sheet.unit.status as SheetStatus;
  const you = overview.you;
  const own = user.role === "unit" && user.unitId === unitId && you.memberRole !== null;
  const acts: Record<SheetActor, boolean> = {
    unit: own,
    leadership: you.leadership,
    standing: you.standing,
  };
  // the engine's rule, as the server applies it (a leader unit's sheet in a year without a
  // deputy is reviewed by the standing agency)
  const leaderWithoutDeputy =
    sheet.unit.role === "leader" && !overview.units.some((u) => u.role === "deputy");
  const editStage = sheetStage(
    { own, leadership: you.leadership, standing: you.standing, data: you.data },
    status,
    { leaderWithoutDeputy },
  );
  const scheme = useBrowserScheme(overview, sheet);
  const evidence = useEvidence(periodId, unitId);
  const saver = useScoreSaver(periodId, unitId, editStage, user.displayName);
  // below md (a phone) one card per criterion instead of the table's columns
  const wide = Grid.useBreakpoint().md ?? true;

  const [drafts, setDrafts] = useState<Record<string, ScoreValue>>({});
  const liveDrafts = useDeferredValue(drafts);
  // what was typed belongs to the stage it was typed at
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the stage changes
  useEffect(() => setDrafts({}), [editStage]);
  // a link may open the sheet on the rows it names (the home page: ?loc=changed)
  const [search] = useSearchParams();
  const [filters, setFilters] = useState({
    noEvidence: false,
    changed: search.get("loc") === "changed",
    disputed: false,
    // a data agency starts with the criteria it provides
    official: you.data,
  });
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [evidenceFor, setEvidenceFor] = useState<CriterionRow | null>(null);
  const [history, setHistory] = useState<{ open: boolean; criterionId: string | null }>({
    open: false,
    criterionId: null,
  });

  const criteria = sheet.scheme.criteria;
  const rowsById = useMemo(() => new Map(sheet.rows.map((r) => [r.criterionId, r])), [sheet]);
  const forms = useMemo(
    () => new Map<string, Form>(criteria.map((c) => [c.id, formOf(c, scheme?.nodes.get(c.id))])),
    [criteria, scheme],
  );
  const staged = useMemo(() => savedStaged(sheet), [sheet]);
  const evals = useMemo(
    () => evaluateSheet(scheme, sheet, staged, liveDrafts, editStage),
    [scheme, sheet, staged, liveDrafts, editStage],
  );
  const savedEvals = useMemo(
    () => evaluateSheet(scheme, sheet, staged, {}, null),
    [scheme, sheet, staged],
  );
  // the server's figures for what is saved; the preview only for what is typed, not yet saved
  const highestShare = useCallback(
    (id: string) => Boolean(scheme?.nodes.get(id)?.highestShare),
    [scheme],
  );
  const figures = useMemo(
    () =>
      sheetFigures({
        sheet,
        drafts: liveDrafts,
        editStage,
        preview: evals,
        highestShare,
        words: w,
      }),
    [sheet, liveDrafts, editStage, evals, highestShare, w],
  );
  const savedFigures = useMemo(
    () =>
      sheetFigures({
        sheet,
        drafts: {},
        editStage: null,
        preview: savedEvals,
        highestShare,
        words: w,
      }),
    [sheet, savedEvals, highestShare, w],
  );
  const reached: Record<GridStage, boolean> = {
    self: true,
    cluster:
      editStage === "cluster" ||
      ["reviewed", "disputed", "reconciled", "appraised", "locked"].includes(status),
    appraisal: editStage === "appraisal" || ["appraised", "locked"].includes(status),
  };

  const completeness: Completeness = useMemo(() => {
    const noValue: string[] = [];
    const noEvidence: string[] = [];
    for (const c of criteria) {
      if (c.kind === "group") continue;
      const row = rowsById.get(c.id);
      const self = row?.values.self;
      if (!self) noValue.push(c.id);
      else if (
        !c.deduction &&
        savedFigures.point("self", c.id).points > 0 &&
        (row?.evidenceCount ?? 0) === 0 &&
        !self.explanation
      ) {
        noEvidence.push(c.id);
      }
    }
    return { noValue, noEvidence };
  }, [criteria, rowsById, savedFigures]);

  const disputes = sheet.rows.filter((r) => r.response?.agreement === "dispute").length;
  const unsaved = Object.values(saver.cells).filter((s) => s.state !== "saved").length;

  const onDraft = useCallback((id: string, value: ScoreValue | undefined) => {
    setDrafts((all) => {
      if (value === undefined ? !(id in all) : sameValue(all[id], value)) return all;
      const next = { ...all };
      if (value === undefined) delete next[id];
      else next[id] = value;
      return next;
    });
  }, []);
  const { code, role } = sheet.unit;
  const check = useMemo(
    () =>
      scheme
        ? (id: string, value: ScoreValue) => refusal(scheme, { code, role }, id, value)
        : undefined,
    [scheme, code, role],
  );
  const { save: saveCell, clear } = saver;
  // a figure reconciled with an inspection team, changed by the unit: asked first (the unit is
  // then excluded from the year's awards, Lạng Sơn 2019 D.3)
  const [frozen, setFrozen] = useState<{
    id: string;
    patch: Parameters<typeof saveCell>[1];
  } | null>(null);
  const onSave = useCallback(
    (id: string, patch: Parameters<typeof saveCell>[1]) => {
      const row = sheet.rows.find((r) => r.criterionId === id);
      const changesFrozen =
        editStage === "self" &&
        row?.inspected &&
        !sheet.unit.flags.includes("adjustedAfterReconciliation") &&
        !sameValue(row.values.self?.value, patch.value);
      if (changesFrozen) setFrozen({ id, patch });
      else void saveCell(id, patch);
    },
    [saveCell, sheet, editStage],
  );
  const frozenBy = frozen && sheet.rows.find((r) => r.criterionId === frozen.id)?.inspected;
  const queryClient = useQueryClient();
  const onReload = useCallback(
    (id: string) => {
      clear(id);
      onDraft(id, undefined);
      void queryClient.invalidateQueries({ queryKey: sheetKey(periodId, unitId) });
    },
    [clear, onDraft, queryClient, periodId, unitId],
  );
  const openHistory = (criterionId: string | null) => setHistory({ open: true, criterionId });

  const evidenceOf = useMemo(() => {
    const map = new Map<string, EvidenceItem[]>();
    for (const item of evidence.data?.items ?? []) {
      map.set(item.criterionId, [...(map.get(item.criterionId) ?? []), item]);
    }
    return map;
  }, [evidence.data]);
  const evidenceLocked =
    (own && status === "draft") || (you.leadership && status === "submitted")
      ? null
      : w(
          "Minh chứng chỉ thêm, xóa được khi biểu đang tự chấm (do đơn vị) hoặc đã nộp, chờ Cụm chấm (do Cụm trưởng, Cụm phó).",
        );

  // the tree, keeping the sections above the rows a filter keeps
  const tree = useMemo(() => {
    const filtering = filters.noEvidence || filters.changed || filters.disputed || filters.official;
    const keep = (row: SheetRow, c: CriterionRow) => {
      if (filters.official && !takesOfficialFigure(c.kind)) return false;
      if (filters.noEvidence && row.evidenceCount > 0) return false;
      if (filters.changed) {
        const cluster = row.values.cluster;
        const before = row.values.official?.value ?? row.values.self?.value;
        if (!cluster || sameValue(cluster.value, before)) return false;
      }
      if (filters.disputed && row.response?.agreement !== "dispute") return false;
      return true;
    };
    const build = (parent: string | null): TreeRow[] =>
      criteria
        .filter((c) => c.parent === parent)
        .flatMap((c) => {
          const row = rowsById.get(c.id) as SheetRow;
          if (c.kind !== "group") return !filtering || keep(row, c) ? [{ key: c.id, c, row }] : [];
          const children = build(c.id);
          return children.length > 0 || !filtering ? [{ key: c.id, c, row, children }] : [];
        });
    return build(null);
  }, [criteria, rowsById, filters]);
  const groupIds = criteria.filter((c) => c.kind === "group").map((c) => c.id);

  const jumpToFirst = () => {
    const first = criteria.find(
      (c) => completeness.noValue.includes(c.id) || completeness.noEvidence.includes(c.id),
    );
    if (!first) return;
    setFilters({ noEvidence: false, changed: false, disputed: false, official: false });
    setCollapsed(new Set());
    window.setTimeout(() => focusRow(first.id), 50);
  };

  const responding = own && status === "reviewed";
  const cellContext: ColumnContext = {
    periodId,
    unitId,
    status,
    own,
    editStage,
    reached,
    official: you.data || sheet.rows.some((r) => r.values.official !== undefined),
    forms,
    staged,
    figures,
    cells: saver.cells,
    typed: drafts,
    check,
    onDraft,
    onSave,
    onReload,
    evidenceLocked,
    onEvidence: setEvidenceFor,
    onHistory: openHistory,
    w,
  };

  const lastSendBack = [...sheet.history].reverse()[0];
  // the server's warnings on what is saved; the preview's while self-scores are being typed
  const warnings = [
    ...(evals && scheme && figures.changed.self.size > 0
      ? [maximumEverywhere(scheme, evals.self, sheet.unit.name)].filter(
          (w): w is string => w !== null,
        )
      : sheet.warnings),
    ...sheet.clusterWarnings,
  ];
  const others = you.leadership || you.standing || you.council || you.data || user.role === "admin";
  const provided = criteria.filter((c) => takesOfficialFigure(c.kind)).length;

  const inspectedRows = sheet.rows.filter((r) => r.inspected).length;
  return (
    <div>
      <Modal
        open={frozen !== null}
        title="Sửa số liệu đã thống nhất khi kiểm tra chéo?"
        okText="Vẫn sửa số liệu"
        okButtonProps={{ danger: true }}
        cancelText="Giữ số liệu đã thống nhất"
        onOk={() => {
          if (frozen) void saveCell(frozen.id, frozen.patch);
          setFrozen(null);
        }}
        onCancel={() => {
          if (frozen) onReload(frozen.id);
          setFrozen(null);
        }}
      >
        {frozen && frozenBy && (
          <p>
            Số liệu tiêu chí {frozen.id} đã được đoàn kiểm tra của {frozenBy.team} đối chiếu, thống
            nhất với đơn vị
            {frozenBy.visitOn ? ` ngày ${formatDate(frozenBy.visitOn)}` : ""}. Đơn vị tự ý điều
            chỉnh số liệu sau khi đã thống nhất điểm sẽ không được xét khen thưởng năm nay.
          </p>
        )}
      </Modal>
      <div style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center" }}>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          Biểu chấm điểm: {sheet.unit.name}
        </Typography.Title>
        <Tag color={STATUS_TONES[status]}>{sheet.unit.statusLabel}</Tag>
        {others && (
          <Select
            size="small"
            style={{ minWidth: 220 }}
            aria-label="Xem biểu của đơn vị"
            value={unitId}
            onChange={(id: number) => navigate(`/ky/${periodId}/don-vi/${id}`)}
            options={overview.units.map((u) => ({ value: u.id, label: u.name }))}
          />
        )}
      </div>
      <div
        style={{
          display: "flex",
          flexWrap: "wrap",
          gap: 8,
          alignItems: "center",
          justifyContent: "space-between",
          margin: "8px 0",
        }}
      >
        <SaveStatus
          editStage={editStage}
          saver={saver}
          unsaved={unsaved}
          readOnly={
            responding
              ? w(
                  "Xem điểm Cụm chấm: chọn đồng ý hoặc không đồng ý (kèm lý do) ở từng dòng Cụm đã chấm, rồi gửi «Đồng ý» hoặc «Khiếu nại».",
                )
              : you.data
                ? officialClosed(sheet.unit.statusLabel, w)
                : `Biểu đang ở bước «${sheet.unit.statusLabel}»: bạn chỉ xem, không sửa điểm.`
          }
        />
        <Space wrap>
          <SheetActions
            periodId={periodId}
            sheet={sheet}
            acts={acts}
            completeness={completeness}
            unsaved={unsaved}
            disputes={disputes}
            onJump={jumpToFirst}
          />
          <Button onClick={() => openHistory(null)}>Lịch sử</Button>
          <DownloadButton href={`/api/periods/${periodId}/units/${unitId}/documents/sheet.xlsx`}>
            Tải biểu (Excel)
          </DownloadButton>
          <SheetImportButton
            periodId={periodId}
            unitId={unitId}
            disabledReason={
              editStage
                ? null
                : you.data
                  ? officialClosed(sheet.unit.statusLabel, w)
                  : `Biểu đang ở bước «${sheet.unit.statusLabel}»: bạn không nhập điểm vào biểu này được lúc này.`
            }
          />
        </Space>
      </div>
      <LastSheetImport
        periodId={periodId}
        unitId={unitId}
        status={status}
        enabled={editStage !== null}
      />
      {lastSendBack?.action === "sendBack" && lastSendBack.to === status && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={`${lastSendBack.by} đã trả lại biểu lúc ${formatDateTime(lastSendBack.at)}`}
          description={lastSendBack.reason ? `Lý do: ${lastSendBack.reason}` : undefined}
        />
      )}
      {!scheme && editStage && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title="Trình duyệt chưa tính trước được điểm của bộ tiêu chí này: điểm và tổng được tính lại sau mỗi lần lưu."
        />
      )}
      {you.data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={`Cơ quan cung cấp số liệu nhập cột «${OFFICIAL_COLUMN_TITLE}» của ${provided} tiêu chí tính từ số liệu (tỷ lệ so với kế hoạch, điểm trừ theo số lần vi phạm, kết quả đánh giá chính thức khác); các tiêu chí khác chỉ xem.`}
          description={`Số liệu chính thức được dùng thay số liệu đơn vị tự báo cáo, đơn vị thấy «${officialSource(user.displayName)}» bên cạnh số liệu của mình. Nhập từ Excel: điền số liệu vào cột «Điểm Cụm thi đua chấm» của biểu tải về.`}
        />
      )}
      {inspectedRows > 0 && editStage === "self" && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={`${inspectedRows} tiêu chí đã được đối chiếu, thống nhất khi kiểm tra chéo: đơn vị tự ý điều chỉnh số liệu các tiêu chí này sẽ không được xét khen thưởng năm nay.`}
        />
      )}
      {warnings.map((text) => (
        <Alert key={text} type="warning" showIcon style={{ marginBottom: 8 }} title={w(text)} />
      ))}
      <Space wrap style={{ marginBottom: 8 }}>
        <Checkbox
          checked={filters.noEvidence}
          onChange={(e) => setFilters({ ...filters, noEvidence: e.target.checked })}
        >
          Chỉ dòng chưa có minh chứng
        </Checkbox>
        <Checkbox
          checked={filters.changed}
          onChange={(e) => setFilters({ ...filters, changed: e.target.checked })}
        >
          {w("Chỉ dòng Cụm đã sửa")}
        </Checkbox>
        <Checkbox
          checked={filters.official}
          onChange={(e) => setFilters({ ...filters, official: e.target.checked })}
        >
          Chỉ tiêu chí có số liệu chính thức
        </Checkbox>
        <Checkbox
          checked={filters.disputed}
          onChange={(e) => setFilters({ ...filters, disputed: e.target.checked })}
        >
          Chỉ dòng {own ? "tôi" : "đơn vị"} không đồng ý
        </Checkbox>
      </Space>
      {wide ? (
        <Table<TreeRow>
          size="small"
          bordered
          sticky
          pagination={false}
          columns={sheetColumns(cellContext)}
          dataSource={tree}
          scroll={{ x: 1150 }}
          locale={{ emptyText: "Không có dòng nào khớp bộ lọc." }}
          onRow={(r) => (r.c.kind === "group" ? { style: { background: "#fafafa" } } : {})}
          expandable={{
            expandIconColumnIndex: 1,
            indentSize: 12,
            expandedRowKeys: groupIds.filter((id) => !collapsed.has(id)),
            onExpand: (open, r) => {
              const next = new Set(collapsed);
              if (open) next.delete(r.key);
              else next.add(r.key);
              setCollapsed(next);
            },
          }}
        />
      ) : (
        <SheetCards
          tree={tree}
          cells={sheetCells(cellContext, { narrow: true })}
          reached={reached}
          editStage={editStage}
        />
      )}
      <SheetTotals
        figures={figures}
        reached={reached}
        editStage={editStage}
        totalMax={sheet.scheme.totalMax}
      />
      <EvidenceModal
        periodId={periodId}
        unitId={unitId}
        criterion={evidenceFor}
        items={evidenceFor ? (evidenceOf.get(evidenceFor.id) ?? []) : []}
        usage={evidence.data?.usage ?? null}
        lockedReason={evidenceLocked}
        onClose={() => setEvidenceFor(null)}
      />
      <HistoryDrawer
        periodId={periodId}
        unitId={unitId}
        open={history.open}
        criterionId={history.criterionId}
        criteria={criteria}
        forms={forms}
        onCriterion={(criterionId) => setHistory({ open: true, criterionId })}
        onClose={() => setHistory({ ...history, open: false })}
      />
    </div>
  );
}

/** Why a data agency no longer enters official figures on this sheet, in the year's words. */
function officialClosed(statusLabel: string, w: (text: string) => string): string {
  return `Biểu đang ở bước «${statusLabel}»: ${w("đã qua bước Cụm chấm, không nhập số liệu chính thức được nữa.")}`;
}
