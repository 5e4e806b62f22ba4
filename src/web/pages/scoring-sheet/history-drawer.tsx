/**
 * The history of every score of the sheet in a side panel: who, when, which stage, old → new,
 * why; the sheet's steps (submitted, sent back…) and evidence added or removed among them.
 */
import { Alert, Drawer, Empty, Select, Spin, Timeline, Typography } from "antd";
import { useMemo } from "react";
import { formatDateTime } from "../../format.ts";
import type { CriterionRow } from "../period/period-data.ts";
import { type AuditEntry, useHistory } from "./sheet-data.ts";
import { describeValue, type Form } from "./values.ts";

const ACTIONS: Record<string, string> = {
  "score.self": "Tự chấm",
  "score.official": "Số liệu chính thức",
  "score.cluster": "Cụm chấm",
  "score.appraisal": "Thẩm định",
  "score.self.remove": "Xóa điểm tự chấm",
  "score.official.remove": "Xóa số liệu chính thức",
  "score.cluster.remove": "Xóa điểm Cụm chấm",
  "score.appraisal.remove": "Xóa điểm thẩm định",
  "sheet.import": "Nhập từ tệp Excel",
  "sheet.importUndo": "Hoàn tác nhập từ tệp Excel",
  "review.agree": "Đơn vị đồng ý điểm Cụm chấm",
  "review.dispute": "Đơn vị không đồng ý điểm Cụm chấm",
  "evidence.upload": "Thêm minh chứng",
  "evidence.delete": "Xóa minh chứng",
  "sheet.submit": "Nộp biểu tự chấm",
  "sheet.review": "Hoàn thành Cụm chấm",
  "sheet.agree": "Đồng ý điểm Cụm chấm",
  "sheet.dispute": "Khiếu nại điểm Cụm chấm",
  "sheet.settle": "Thống nhất tại họp trù bị",
  "sheet.appraise": "Hoàn thành thẩm định",
  "sheet.sendBack": "Trả lại một bước",
  "unit.flagged": "Đơn vị bị đánh dấu",
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The criterion an entry is about, if any. */
function criterionOf(e: AuditEntry): string | null {
  if (e.action.startsWith("score.")) return e.entityId.split("/")[1] ?? null;
  if (e.action.startsWith("review.")) return e.entityId.split("/")[1] ?? null;
  for (const v of [e.newValue, e.oldValue]) {
    if (isRecord(v) && typeof v.criterionId === "string") return v.criterionId;
  }
  return null;
}

function change(e: AuditEntry, form: Form | undefined): string | null {
  const fmt = (v: unknown) =>
    isRecord(v) && "value" in v ? describeValue(form ?? { kind: "points" }, v.value) : null;
  if (e.action.startsWith("score.")) {
    const before = fmt(e.oldValue);
    const after = fmt(e.newValue);
    if (!after) return before ? `${before} → (không còn giá trị)` : null;
    if (!before) return `Điểm: ${after}`;
    return before === after ? `${after} (không đổi điểm)` : `${before} → ${after}`;
  }
  if (e.action === "sheet.import" && isRecord(e.newValue) && Array.isArray(e.newValue.changes)) {
    const ids = e.newValue.changes
      .map((c) => (isRecord(c) ? String(c.criterionId) : ""))
      .join(", ");
    return `Tệp «${String(e.newValue.fileName)}»: ${e.newValue.changes.length} tiêu chí (${ids})`;
  }
  if (e.action.startsWith("evidence.")) {
    const v = isRecord(e.newValue) ? e.newValue : isRecord(e.oldValue) ? e.oldValue : null;
    return v && typeof v.fileName === "string" ? `Tệp «${v.fileName}»` : null;
  }
  return null;
}

export function HistoryDrawer(props: {
  periodId: number;
  unitId: number;
  open: boolean;
  criterionId: string | null;
  criteria: CriterionRow[];
  forms: Map<string, Form>;
  onCriterion(id: string | null): void;
  onClose(): void;
}) {
  const { criterionId, criteria, forms } = props;
  const history = useHistory(props.periodId, props.unitId, props.open);
  const entries = useMemo(() => {
    const all = [...(history.data?.entries ?? [])].reverse();
    return criterionId ? all.filter((e) => criterionOf(e) === criterionId) : all;
  }, [history.data, criterionId]);
  const title = (id: string) => criteria.find((c) => c.id === id)?.title ?? "";

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title="Lịch sử chấm điểm"
      size={Math.min(520, window.innerWidth)}
    >
      <Select
        style={{ width: "100%", marginBottom: 16 }}
        aria-label="Xem lịch sử của tiêu chí"
        showSearch={{ optionFilterProp: "label" }}
        value={criterionId ?? ""}
        onChange={(v: string) => props.onCriterion(v || null)}
        options={[
          { value: "", label: "Cả biểu: mọi tiêu chí và các bước" },
          ...criteria
            .filter((c) => c.kind !== "group")
            .map((c) => ({ value: c.id, label: `${c.id}. ${c.title}` })),
        ]}
      />
      {history.isPending && <Spin />}
      {history.isError && <Alert type="error" showIcon title={history.error.message} />}
      {history.isSuccess && entries.length === 0 && (
        <Empty description="Chưa có thay đổi nào được ghi lại." />
      )}
      <Timeline
        items={entries.map((e, i) => {
          const id = criterionOf(e);
          const what = change(e, id ? forms.get(id) : undefined);
          return {
            key: `${e.at}-${i}`,
            content: (
              <div>
                <Typography.Text strong>{ACTIONS[e.action] ?? e.action}</Typography.Text>
                {id && !criterionId && (
                  <Typography.Text>
                    {" "}
                    — {id}. {title(id)}
                  </Typography.Text>
                )}
                {what && <div>{what}</div>}
                {e.reason && <div>Lý do: {e.reason}</div>}
                <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                  {e.by ?? "Hệ thống"} · {formatDateTime(e.at)}
                </Typography.Text>
              </div>
            ),
          };
        })}
      />
    </Drawer>
  );
}
