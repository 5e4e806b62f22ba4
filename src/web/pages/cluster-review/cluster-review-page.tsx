/**
 * Rà soát, khớp điểm: the leader's office scores every unit side by side (Cụm chấm), accepts a
 * unit's value in one keystroke or changes it with a reason, finishes the review of a sheet or
 * sends it back, and settles disputes at the preparatory meeting. The standing agency and the
 * council read the same screen.
 */
import { Alert, Spin, Typography } from "antd";
import { useCallback } from "react";
import { useSession } from "../../session.tsx";
import { useClusterWords } from "../period/period-data.ts";
import type { ReviewUnit } from "./review-data.ts";
import { ReviewWorkspace } from "./review-workspace.tsx";
import { useMatrix } from "./use-matrix.ts";

export function ClusterReviewPage() {
  const m = useMatrix("cluster");
  const { user } = useSession();
  const w = useClusterWords();
  const leadership = m.period.data?.you.leadership ?? false;
  // nobody reviews their own unit: the leader's sheet is the deputy's (the server says so too)
  const own = useCallback((u: ReviewUnit) => u.id === user.unitId, [user.unitId]);
  const canEdit = useCallback(
    (u: ReviewUnit) => leadership && u.status === "submitted" && !own(u),
    [leadership, own],
  );

  if (m.review.isError) return <Alert type="error" showIcon title={m.review.error.message} />;
  if (!m.review.data || !m.period.data) return <Spin />;
  const { units } = m;
  const lockedReason = (u: ReviewUnit) =>
    !leadership
      ? w("Chỉ Cụm trưởng, Cụm phó chấm điểm ở bước Cụm chấm; bạn đang xem ở chế độ chỉ đọc.")
      : u.status !== "submitted"
        ? `${w('Cụm chỉ chấm khi biểu ở trạng thái "Đã nộp, chờ Cụm chấm"; biểu này đang ở trạng thái')} "${u.statusLabel}".`
        : own(u)
          ? w(
              "Không ai chấm, rà soát biểu của chính đơn vị mình: biểu của đơn vị Cụm trưởng do Cụm phó rà soát (Cơ quan thường trực, nếu Cụm không có Cụm phó).",
            )
          : null;
  const count = (status: string) => units.filter((u) => u.status === status).length;

  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        Rà soát, khớp điểm
      </Typography.Title>
      <Typography.Paragraph>
        {count("submitted")} {w("biểu chờ Cụm chấm")}, {count("reviewed")} biểu chờ đơn vị khớp
        điểm, {count("disputed")} biểu có khiếu nại chờ họp trù bị, {count("reconciled")} biểu đã
        khớp điểm; tổng số {units.length} đơn vị.
      </Typography.Paragraph>
      {!leadership && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            user.role === "council"
              ? w("Thành viên Hội đồng theo dõi việc chấm điểm của Cụm: chế độ chỉ đọc.")
              : w(
                  "Bạn đang xem ở chế độ chỉ đọc: chỉ Cụm trưởng, Cụm phó chấm điểm ở bước Cụm chấm.",
                )
          }
        />
      )}
      <ReviewWorkspace
        matrix={m}
        stage="cluster"
        canEdit={canEdit}
        lockedReason={lockedReason}
        steps={[
          { action: "review", label: "Hoàn thành Cụm chấm", primary: true },
          { action: "settle", label: "Thống nhất tại họp trù bị", primary: true },
          { action: "sendBack", label: "Trả lại đơn vị" },
        ]}
      />
    </>
  );
}
