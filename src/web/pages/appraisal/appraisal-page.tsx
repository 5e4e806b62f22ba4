/**
 * Thẩm định: the standing agency appraises each reconciled sheet on the same matrix (a changed
 * value needs a reason), finishes each appraisal, records each unit's party rating and cases,
 * and locks the cluster's result with the decision document (or unlocks it with a reason).
 */
import { Alert, Spin, Typography } from "antd";
import { useCallback } from "react";
import type { ReviewUnit } from "../cluster-review/review-data.ts";
import { ReviewWorkspace } from "../cluster-review/review-workspace.tsx";
import { useMatrix } from "../cluster-review/use-matrix.ts";
import { LockCard } from "./lock-card.tsx";
import { type PartyRating, StandingFactsForm, type UnitFlag } from "./standing-facts-form.tsx";

export function AppraisalPage() {
  const m = useMatrix("appraisal");
  const standing = m.period.data?.you.standing ?? false;
  const canEdit = useCallback((u: ReviewUnit) => standing && u.status === "reconciled", [standing]);

  if (m.review.isError) return <Alert type="error" showIcon title={m.review.error.message} />;
  if (!m.review.data || !m.period.data) return <Spin />;
  const overview = m.period.data;
  const { units } = m;
  const lockedReason = (u: ReviewUnit) =>
    !standing
      ? "Chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng thẩm định; bạn đang xem ở chế độ chỉ đọc."
      : u.status !== "reconciled"
        ? `Cơ quan thường trực chỉ thẩm định khi biểu đã khớp điểm; biểu này đang ở trạng thái "${u.statusLabel}".`
        : null;
  const ready = units.filter((u) => u.status === "reconciled").length;

  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        Thẩm định
      </Typography.Title>
      <Typography.Paragraph>
        {ready} biểu đã khớp điểm chờ thẩm định. Mở "Thao tác" ở cột của đơn vị để hoàn thành thẩm
        định và ghi xếp loại tổ chức đảng, vụ việc.
      </Typography.Paragraph>
      {!standing && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="Bạn đang xem ở chế độ chỉ đọc: chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng thẩm định."
        />
      )}
      <LockCard overview={overview} />
      <ReviewWorkspace
        matrix={m}
        stage="appraisal"
        canEdit={canEdit}
        lockedReason={lockedReason}
        steps={[
          { action: "appraise", label: "Hoàn thành thẩm định", primary: true },
          { action: "sendBack", label: "Hủy thẩm định" },
        ]}
        drawerExtra={(unit) => {
          const facts = overview.units.find((u) => u.id === unit.id);
          return (
            facts && (
              <StandingFactsForm
                key={`${unit.id}/${facts.version}`}
                periodId={m.periodId}
                unitId={unit.id}
                partyRating={(facts.partyRating ?? "HTTNV") as PartyRating}
                flags={(facts.flags ?? []) as UnitFlag[]}
                version={facts.version}
                disabledReason={
                  standing
                    ? null
                    : "Chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng ghi xếp loại và vụ việc."
                }
              />
            )
          );
        }}
      />
    </>
  );
}
