/**
 * Thẩm định: the standing agency appraises each reconciled sheet on the same matrix (a changed
 * value needs a reason), finishes each appraisal, records each unit's party rating and cases,
 * and locks the cluster's result with the decision document (or unlocks it with a reason).
 */
import { Alert, Spin, Typography } from "antd";
import { useCallback } from "react";
import type { ReviewUnit } from "../cluster-review/review-data.ts";
import { ScoreEditor } from "../cluster-review/score-editor.tsx";
import { ScoreMatrix } from "../cluster-review/score-matrix.tsx";
import { TransitionButton } from "../cluster-review/transition-button.tsx";
import { UnitDrawer } from "../cluster-review/unit-drawer.tsx";
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
  const { units, drawerUnit } = m;
  const criteria = m.review.data.scheme.criteria;
  const lockedReason = (u: ReviewUnit) =>
    !standing
      ? "Chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng thẩm định; bạn đang xem ở chế độ chỉ đọc."
      : u.status !== "reconciled"
        ? `Cơ quan thường trực chỉ thẩm định khi biểu đã khớp điểm; biểu này đang ở trạng thái "${u.statusLabel}".`
        : null;
  const facts = drawerUnit ? overview.units.find((u) => u.id === drawerUnit.id) : undefined;
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
      <ScoreMatrix
        criteria={criteria}
        units={units}
        cells={m.review.data.cells}
        sheets={m.sheets}
        stage="appraisal"
        canEdit={canEdit}
        onEdit={m.onEdit}
        onAccept={m.onAccept}
        onOpenUnit={m.onOpenUnit}
      />
      <ScoreEditor
        target={m.target}
        stage="appraisal"
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
                action="appraise"
                primary
                status={drawerUnit.status}
                statusLabel={drawerUnit.statusLabel}
                you={overview.you}
                fallbackLabel="Hoàn thành thẩm định"
                run={m.run(drawerUnit.id)}
              />
              <TransitionButton
                action="sendBack"
                status={drawerUnit.status}
                statusLabel={drawerUnit.statusLabel}
                you={overview.you}
                fallbackLabel="Hủy thẩm định"
                run={m.run(drawerUnit.id)}
              />
            </>
          )
        }
      >
        {drawerUnit && facts && (
          <StandingFactsForm
            key={`${drawerUnit.id}/${facts.version}`}
            periodId={m.periodId}
            unitId={drawerUnit.id}
            partyRating={(facts.partyRating ?? "HTTNV") as PartyRating}
            flags={(facts.flags ?? []) as UnitFlag[]}
            version={facts.version}
            disabledReason={
              standing
                ? null
                : "Chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng ghi xếp loại và vụ việc."
            }
          />
        )}
      </UnitDrawer>
    </>
  );
}
