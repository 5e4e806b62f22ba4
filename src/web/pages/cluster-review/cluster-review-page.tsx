/**
 * Rà soát, khớp điểm: the leader's office scores every unit side by side (Cụm chấm), accepts a
 * unit's value in one keystroke or changes it with a reason, finishes the review of a sheet or
 * sends it back, and settles disputes at the preparatory meeting. The standing agency and the
 * council read the same screen.
 */
import { Alert, Spin, Typography } from "antd";
import { useCallback } from "react";
import { useSession } from "../../session.tsx";
import type { ReviewUnit } from "./review-data.ts";
import { ScoreEditor } from "./score-editor.tsx";
import { ScoreMatrix } from "./score-matrix.tsx";
import { TransitionButton } from "./transition-button.tsx";
import { UnitDrawer } from "./unit-drawer.tsx";
import { useMatrix } from "./use-matrix.ts";

export function ClusterReviewPage() {
  const m = useMatrix("cluster");
  const { user } = useSession();
  const leadership = m.period.data?.you.leadership ?? false;
  const canEdit = useCallback(
    (u: ReviewUnit) => leadership && u.status === "submitted",
    [leadership],
  );

  if (m.review.isError) return <Alert type="error" showIcon title={m.review.error.message} />;
  if (!m.review.data || !m.period.data) return <Spin />;
  const { you } = m.period.data;
  const { units, drawerUnit } = m;
  const criteria = m.review.data.scheme.criteria;
  const lockedReason = (u: ReviewUnit) =>
    !leadership
      ? "Chỉ Cụm trưởng, Cụm phó chấm điểm ở bước Cụm chấm; bạn đang xem ở chế độ chỉ đọc."
      : u.status !== "submitted"
        ? `Cụm chỉ chấm khi biểu ở trạng thái "Đã nộp, chờ Cụm chấm"; biểu này đang ở trạng thái "${u.statusLabel}".`
        : null;
  const count = (status: string) => units.filter((u) => u.status === status).length;

  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        Rà soát, khớp điểm
      </Typography.Title>
      <Typography.Paragraph>
        {count("submitted")} biểu chờ Cụm chấm, {count("reviewed")} biểu chờ đơn vị khớp điểm,{" "}
        {count("disputed")} biểu có khiếu nại chờ họp trù bị, {count("reconciled")} biểu đã khớp
        điểm; tổng số {units.length} đơn vị.
      </Typography.Paragraph>
      {!leadership && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            user.role === "council"
              ? "Thành viên Hội đồng theo dõi việc chấm điểm của Cụm: chế độ chỉ đọc."
              : "Bạn đang xem ở chế độ chỉ đọc: chỉ Cụm trưởng, Cụm phó chấm điểm ở bước Cụm chấm."
          }
        />
      )}
      <ScoreMatrix
        criteria={criteria}
        units={units}
        cells={m.review.data.cells}
        sheets={m.sheets}
        stage="cluster"
        canEdit={canEdit}
        onEdit={m.onEdit}
        onAccept={m.onAccept}
        onOpenUnit={m.onOpenUnit}
      />
      <ScoreEditor
        target={m.target}
        stage="cluster"
        lockedReason={lockedReason}
        onClose={m.closeEditor}
        onSave={m.saveEdit}
      />
      <UnitDrawer
        periodId={m.periodId}
        unit={drawerUnit}
        sheet={drawerUnit ? m.sheets.get(drawerUnit.id) : undefined}
        criteria={criteria}
        cells={m.review.data.cells}
        onClose={m.closeDrawer}
        actions={
          drawerUnit && (
            <>
              <TransitionButton
                action="review"
                primary
                status={drawerUnit.status}
                statusLabel={drawerUnit.statusLabel}
                you={you}
                fallbackLabel="Hoàn thành Cụm chấm"
                run={m.run(drawerUnit.id)}
              />
              <TransitionButton
                action="settle"
                primary
                status={drawerUnit.status}
                statusLabel={drawerUnit.statusLabel}
                you={you}
                fallbackLabel="Thống nhất tại họp trù bị"
                run={m.run(drawerUnit.id)}
              />
              <TransitionButton
                action="sendBack"
                status={drawerUnit.status}
                statusLabel={drawerUnit.statusLabel}
                you={you}
                fallbackLabel="Trả lại đơn vị"
                run={m.run(drawerUnit.id)}
              />
            </>
          )
        }
      ></UnitDrawer>
    </>
  );
}
