/**
 * Báo cáo (/ky/:periodId/bao-cao; Vùng cao 2022 Điều 7.1–7.3): the reports member units send the
 * leader — the six-month report, the annual report with the self-score sheet, and the ad hoc
 * reports the leader asks for. A member unit's staff see each request with their own report and
 * send it; the leadership, the standing agency and the council member monitoring the cluster see
 * every unit's, and the leader and deputy ask for an ad hoc report.
 */
import { Alert, Button, Empty, Spin, Typography } from "antd";
import { useState } from "react";
import { formatDateTime } from "../../format.ts";
import { useSession } from "../../session.tsx";
import { WhyDisabled } from "../../why-disabled.tsx";
import { useClusterWords, usePeriod, usePeriodId } from "../period/period-data.ts";
import { AdhocRequestModal } from "./adhoc-request-modal.tsx";
import { useReports } from "./reports-data.ts";
import { RequestCard } from "./request-card.tsx";

export function ReportsPage() {
  const periodId = usePeriodId();
  const period = usePeriod();
  const reports = useReports(periodId);
  const { user } = useSession();
  const w = useClusterWords();
  const [asking, setAsking] = useState(false);

  if (period.isError) return <Alert type="error" showIcon title={period.error.message} />;
  // the server's refusal, in the words of the year's cluster (a Khối's)
  if (reports.isError) return <Alert type="error" showIcon title={w(reports.error.message)} />;
  if (!period.data || !reports.data) return <Spin />;

  const { you, period: year } = period.data;
  const { today, requests } = reports.data;
  const seesAll = you.leadership || you.standing || you.council;
  const ownUnitId = user.role === "unit" && you.memberRole !== null ? user.unitId : null;
  const lockedReason = year.lockedAt
    ? `Kết quả năm ${year.label} đã khóa lúc ${formatDateTime(year.lockedAt)}${year.lockDecision ? ` (${year.lockDecision})` : ""}: không gửi báo cáo, không yêu cầu báo cáo mới được nữa; các báo cáo đã gửi vẫn tải về được.`
    : null;
  const askReason =
    lockedReason ??
    (you.leadership ? null : w("Chỉ Cụm trưởng, Cụm phó được yêu cầu các đơn vị gửi báo cáo."));

  return (
    <>
      <div
        style={{
          display: "flex",
          flexWrap: "wrap",
          gap: 8,
          alignItems: "flex-start",
          justifyContent: "space-between",
        }}
      >
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {w("Báo cáo gửi Cụm trưởng")}
        </Typography.Title>
        {seesAll && (
          <WhyDisabled why={askReason}>
            <Button type="primary" disabled={askReason !== null} onClick={() => setAsking(true)}>
              Yêu cầu báo cáo đột xuất
            </Button>
          </WhyDisabled>
        )}
      </div>
      <Typography.Paragraph style={{ marginTop: 8 }}>
        {w(
          seesAll
            ? "Các đơn vị thành viên gửi Cụm trưởng báo cáo sơ kết 6 tháng, báo cáo tổng kết năm kèm bảng tự chấm điểm, và báo cáo đột xuất khi Cụm trưởng yêu cầu. Mỗi yêu cầu dưới đây cho biết đơn vị nào đã gửi, gửi ngày nào, đúng hạn hay chậm bao nhiêu ngày."
            : "Đơn vị gửi Cụm trưởng báo cáo sơ kết 6 tháng, báo cáo tổng kết năm kèm bảng tự chấm điểm, và báo cáo đột xuất khi Cụm trưởng yêu cầu: tệp PDF hoặc Word, tối đa 10 MB. Gửi lại thì bản sau thay bản trước (bản trước vẫn được lưu); báo cáo gửi sau hạn được ghi số ngày chậm.",
        )}
      </Typography.Paragraph>
      {lockedReason && (
        <Alert type="info" showIcon title={lockedReason} style={{ marginBottom: 16 }} />
      )}
      {requests.length === 0 ? (
        <Empty description="Chưa có yêu cầu báo cáo nào trong năm này." />
      ) : (
        <div>
          {requests.map((r) => (
            <RequestCard
              key={r.key}
              periodId={periodId}
              request={r}
              today={today}
              seesAll={seesAll}
              ownUnitId={ownUnitId}
              lockedReason={lockedReason}
            />
          ))}
        </div>
      )}
      {asking && (
        <AdhocRequestModal periodId={periodId} today={today} onClose={() => setAsking(false)} />
      )}
    </>
  );
}
