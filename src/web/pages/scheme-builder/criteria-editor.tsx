import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Input, Space, Tag, Tooltip, Typography } from "antd";
import { useMemo, useState } from "react";
import type { CriterionChange, SchemeSpec } from "../../../core/scheme.ts";
import { type ApiError, api } from "../../api.ts";
import { DownloadButton, ImportButton } from "../../files.tsx";
import { formatPoints } from "../../format.ts";
import { WARN_TAG } from "../meetings/readable-theme.tsx";
import { usePeriodId } from "../period/period-data.ts";
import { AddCriterionModal, type NewCriterion } from "./add-criterion-modal.tsx";
import { CriteriaTable } from "./criteria-table.tsx";
import type { Overview } from "./scheme-base.ts";
import { allocation, buildTree, namedCriterion, type TreeNode, validate } from "./scheme-tree.ts";
import { SplitModal } from "./split-modal.tsx";

const HEAD = {
  display: "flex",
  flexWrap: "wrap",
  gap: 12,
  justifyContent: "space-between",
  alignItems: "center",
  marginBottom: 16,
} as const;

/** Each section's maximum and what is left to assign, recomputed as the user types. */
function SectionSummary({ roots, totalMax }: { roots: TreeNode[]; totalMax: number | null }) {
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      {roots.map((s) => {
        const a = allocation(s);
        const color = !a || a.left === 0 ? "default" : a.left > 0 ? WARN_TAG : "red";
        return (
          <Tag key={s.id} color={color} style={{ fontSize: 13, padding: "2px 8px" }}>
            Mục {s.id}: {s.deduction ? "điểm trừ" : `tối đa ${formatPoints(s.max)}`}
            {s.deduction && s.max !== undefined && `, tối đa ${formatPoints(s.max)}`}
            {a &&
              (a.left === 0
                ? ", đã phân bổ đủ"
                : a.left > 0
                  ? `, còn ${formatPoints(a.left)} chưa phân bổ`
                  : `, vượt ${formatPoints(-a.left)}`)}
          </Tag>
        );
      })}
      {totalMax !== null && (
        <Typography.Text strong>Tổng điểm tối đa: {formatPoints(totalMax)}</Typography.Text>
      )}
    </Space>
  );
}

/** The cluster's criteria: edit the tree, see the engine's verdict live, save with the version. */
export function CriteriaEditor({
  overview,
  base,
  canEdit,
  needsReason,
  why,
}: {
  overview: Overview;
  base: SchemeSpec;
  canEdit: boolean;
  needsReason: boolean;
  why: string | null;
}) {
  const periodId = usePeriodId();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const saved = overview.period.criteria as CriterionChange[];
  const [changes, setChanges] = useState<CriterionChange[]>(saved);
  const [reason, setReason] = useState("");
  const [adding, setAdding] = useState<TreeNode | null>(null);
  const [splitting, setSplitting] = useState<TreeNode | null>(null);
  const tree = useMemo(() => buildTree(base, changes), [base, changes]);
  const verdict = useMemo(() => validate(base, changes), [base, changes]);
  const dirty = JSON.stringify(changes) !== JSON.stringify(saved);
  const save = useMutation<{ version: number }, ApiError>({
    mutationFn: () =>
      api("PUT", `/api/periods/${periodId}/criteria`, {
        criteria: changes,
        version: overview.period.version,
        ...(needsReason ? { reason: reason.trim() } : {}),
      }),
    onSuccess: async () => {
      message.success("Đã lưu bộ tiêu chí.");
      await queryClient.invalidateQueries({ queryKey: ["period", periodId] });
    },
  });
  const serverError = save.isError ? save.error.message : null;
  const errorAt = verdict.criterionId ?? (serverError ? namedCriterion(serverError) : null);
  const errorText = verdict.message ?? serverError;
  const blocked = !canEdit
    ? why
    : !dirty
      ? "Chưa có thay đổi nào để lưu."
      : verdict.message
        ? "Bộ tiêu chí chưa hợp lệ: sửa lỗi được báo bên cạnh tiêu chí trước khi lưu."
        : needsReason && !reason.trim()
          ? "Ghi số quyết định và lý do sửa đổi trước khi lưu."
          : null;
  const add = (items: NewCriterion[]) => {
    setChanges((list) => [...list, ...items]);
    setAdding(null);
    setSplitting(null);
  };

  return (
    <Card>
      <div style={HEAD}>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {overview.scheme.title}
        </Typography.Title>
        <Space wrap>
          {dirty && <Typography.Text type="warning">Có thay đổi chưa lưu</Typography.Text>}
          <DownloadButton href={`/api/periods/${periodId}/documents/criteria.xlsx`}>
            Mẫu Excel
          </DownloadButton>
          <ImportButton<{ criteria: CriterionChange[] }>
            url={`/api/periods/${periodId}/criteria-import`}
            disabledReason={canEdit ? null : why}
            onDone={(a) => {
              setChanges(a.criteria);
              message.info(
                `Đã đọc ${a.criteria.length} tiêu chí từ tệp: xem lại rồi bấm «Lưu bộ tiêu chí».`,
              );
            }}
          >
            Nhập từ Excel
          </ImportButton>
          <Tooltip title={dirty ? undefined : "Chưa có thay đổi nào."}>
            <Button disabled={!dirty || save.isPending} onClick={() => setChanges(saved)}>
              Hủy thay đổi
            </Button>
          </Tooltip>
          <Tooltip title={blocked}>
            <Button
              type="primary"
              disabled={blocked !== null}
              loading={save.isPending}
              onClick={() => save.mutate()}
            >
              Lưu bộ tiêu chí
            </Button>
          </Tooltip>
        </Space>
      </div>
      {!canEdit && why && <Alert type="info" showIcon title={why} style={{ marginBottom: 12 }} />}
      {needsReason && (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="Cụm đã bắt đầu chấm điểm: mỗi lần sửa bộ tiêu chí là một quyết định của cơ quan thường trực, được thông báo cho các đơn vị."
          />
          <label htmlFor="amend-reason" style={{ display: "block", marginBottom: 4 }}>
            Số quyết định và lý do sửa đổi (bắt buộc)
          </label>
          <Input.TextArea
            id="amend-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={2000}
            autoSize={{ minRows: 2, maxRows: 4 }}
            style={{ marginBottom: 12 }}
          />
        </>
      )}
      {errorText && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={verdict.message ? "Bộ tiêu chí chưa hợp lệ" : "Máy chủ không nhận bộ tiêu chí"}
          description={errorText}
        />
      )}
      {tree.orphans.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="Tiêu chí chưa có chỗ trong cây (mục cha không tồn tại)"
          description={
            <Space orientation="vertical">
              {tree.orphans.map((o) => (
                <Space key={o.id} wrap>
                  <span>
                    {o.id} {o.title ?? ""} (mục cha: {o.parent ?? "chưa khai báo"})
                  </span>
                  <Button
                    size="small"
                    disabled={!canEdit}
                    onClick={() => setChanges((list) => list.filter((c) => c !== o))}
                  >
                    Bỏ tiêu chí này
                  </Button>
                </Space>
              ))}
            </Space>
          }
        />
      )}
      <SectionSummary roots={tree.roots} totalMax={verdict.totalMax} />
      <CriteriaTable
        tree={tree}
        changes={changes}
        canEdit={canEdit}
        errorAt={errorAt}
        errorText={errorText}
        onChange={setChanges}
        onAdd={setAdding}
        onSplit={setSplitting}
      />
      {adding && (
        <AddCriterionModal
          parent={adding}
          tree={tree}
          onAdd={add}
          onClose={() => setAdding(null)}
        />
      )}
      {splitting && (
        <SplitModal item={splitting} tree={tree} onSplit={add} onClose={() => setSplitting(null)} />
      )}
    </Card>
  );
}
