/**
 * Kiểm tra chéo (Vùng cao 2022 Điều 7.4–7.5): the plan the leader drafts and the cluster agrees,
 * the schedule of the visits with how far each is, and a visit (?luot=ID): the team's findings,
 * the inspected unit's answers, the reconciliation on the spot.
 */
import { Alert, Button, Card, Col, Empty, List, Row, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { DownloadButton } from "../../files.tsx";
import { formatDate } from "../../format.ts";
import { useClusterWords, usePeriod, usePeriodId } from "../period/period-data.ts";
import {
  type Inspection,
  type InspectionPlan,
  inspectedLeaves,
  useInspection,
  type Visit,
} from "./inspection-data.ts";
import { PlanAgreement } from "./plan-agreement.tsx";
import { PlanEditor } from "./plan-editor.tsx";
import { openLabel, Schedule } from "./schedule.tsx";
import { VisitView } from "./visit-view.tsx";

export function InspectionPage() {
  const periodId = usePeriodId();
  const period = usePeriod();
  const inspection = useInspection(periodId);
  const [params] = useSearchParams();
  const base = `/ky/${periodId}/kiem-tra-cheo`;
  if (inspection.isError) return <Alert type="error" showIcon title={inspection.error.message} />;
  if (!inspection.data || !period.data) return <Spin />;
  const criteria = period.data.scheme.criteria;
  const data = inspection.data;
  const visitParam = params.get("luot");
  if (visitParam !== null) {
    const visit = data.visits?.find((v) => v.id === Number(visitParam));
    if (!visit || !data.plan || visit.findings === null) {
      return (
        <>
          <Link to={base} style={{ textDecoration: "underline" }}>
            ← Kế hoạch, lịch kiểm tra chéo
          </Link>
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={
              visit
                ? "Kết quả của lượt kiểm tra này chỉ đoàn kiểm tra, đơn vị được kiểm tra và lãnh đạo xem được."
                : `Không có lượt kiểm tra số ${visitParam} trong kế hoạch năm nay.`
            }
          />
        </>
      );
    }
    return (
      <VisitView
        visit={visit}
        plan={data.plan}
        plans={data.you.plans}
        criteria={criteria}
        backTo={base}
      />
    );
  }
  return <Overview data={data} base={base} />;
}

function Overview({ data, base }: { data: Inspection; base: string }) {
  const period = usePeriod();
  const w = useClusterWords();
  const [editing, setEditing] = useState(false);
  const criteria = period.data?.scheme.criteria ?? [];
  const { plan } = data;
  const visits = data.visits ?? [];
  const linkOf = (v: Visit) => `${base}?luot=${v.id}`;
  const mine = visits.filter((v) => v.you !== null);

  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        Kiểm tra chéo
      </Typography.Title>
      <Typography.Paragraph>
        {w(
          "Đoàn của các đơn vị thành viên kiểm tra chéo kết quả tự chấm của nhau theo kế hoạch Cụm đã thống nhất (tháng 10 hoặc tháng 11). Kết quả hai bên đối chiếu, thống nhất là điểm Cụm chấm; kết quả không đồng ý đưa ra cuộc họp trù bị.",
        )}
      </Typography.Paragraph>

      {mine.length > 0 && (
        <Card
          size="small"
          style={{ marginBottom: 16, borderColor: "#91caff" }}
          title={
            <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
              Việc của đơn vị bạn
            </Typography.Title>
          }
        >
          <List
            size="small"
            dataSource={mine}
            renderItem={(v) => (
              <MyVisit v={v} plans={data.you.plans} to={linkOf(v)} agreed={!!plan?.agreedAt} />
            )}
          />
        </Card>
      )}

      {!plan ? (
        data.you.plans ? (
          <PlanEditor inspection={data} criteria={criteria} />
        ) : (
          <Card>
            <Empty description={w("Cụm chưa lập kế hoạch kiểm tra chéo năm nay.")} />
          </Card>
        )
      ) : (
        <Row gutter={[16, 16]}>
          {editing ? (
            <Col xs={24}>
              <PlanEditor
                key={plan.version}
                inspection={data}
                criteria={criteria}
                onClose={() => setEditing(false)}
              />
            </Col>
          ) : (
            <>
              <Col xs={24} xl={14}>
                <PlanSummary
                  plan={plan}
                  leaves={
                    inspectedLeaves(
                      criteria,
                      plan.content.map((c) => c.id),
                    ).length
                  }
                  onEdit={data.you.plans ? () => setEditing(true) : undefined}
                />
              </Col>
              <Col xs={24} xl={10}>
                <PlanAgreement inspection={data} plan={plan} />
              </Col>
            </>
          )}
          <Col xs={24}>
            <Card
              title={
                <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
                  Lịch kiểm tra
                </Typography.Title>
              }
            >
              <Schedule visits={visits} plans={data.you.plans} linkOf={linkOf} />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}

function MyVisit({
  v,
  plans,
  to,
  agreed,
}: {
  v: Visit;
  plans: boolean;
  to: string;
  agreed: boolean;
}) {
  const label = openLabel(v, plans);
  const when = v.visitOn ? ` ngày ${formatDate(v.visitOn)}` : "";
  const text =
    v.you === "team"
      ? `Đoàn của đơn vị bạn kiểm tra ${v.inspected.name}${when}.`
      : `${v.team.name} kiểm tra đơn vị bạn${when}.`;
  const next = v.reconciledAt
    ? "Đã đối chiếu, thống nhất."
    : !agreed
      ? "Chờ kế hoạch được thống nhất."
      : v.you === "team"
        ? v.progress.findings === 0
          ? "Ghi kết quả từng tiêu chí."
          : v.progress.unanswered > 0
            ? `Chờ đơn vị trả lời ${v.progress.unanswered} kết quả.`
            : "Đơn vị đã trả lời mọi kết quả: đối chiếu, thống nhất."
        : v.progress.unanswered > 0
          ? `Trả lời ${v.progress.unanswered} kết quả của đoàn.`
          : v.progress.findings === 0
            ? "Đoàn chưa ghi kết quả."
            : "Đã trả lời mọi kết quả; chờ đoàn đối chiếu, thống nhất.";
  return (
    <List.Item
      style={{ paddingInline: 0, flexWrap: "wrap", gap: 8 }}
      actions={
        label
          ? [
              <Link key="open" to={to} style={{ textDecoration: "underline" }}>
                {label}
              </Link>,
            ]
          : []
      }
    >
      <span>
        {text} <Typography.Text type="secondary">{next}</Typography.Text>
      </span>
    </List.Item>
  );
}

function PlanSummary({
  plan,
  leaves,
  onEdit,
}: {
  plan: InspectionPlan;
  leaves: number;
  onEdit?: () => void;
}) {
  const w = useClusterWords();
  const periodId = usePeriodId();
  return (
    <Card
      style={{ height: "100%" }}
      // the status beside the title wraps on a phone rather than being cut off
      styles={{ title: { whiteSpace: "normal" } }}
      title={
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          Kế hoạch kiểm tra chéo{" "}
          {plan.agreedAt ? (
            <Tag color="#237804">Đã thống nhất</Tag>
          ) : (
            <Tag color="#ad4e00">Chờ thống nhất</Tag>
          )}
        </Typography.Title>
      }
      extra={onEdit && <Button onClick={onEdit}>Sửa kế hoạch</Button>}
    >
      <Typography.Text strong>Nội dung kiểm tra ({leaves} tiêu chí)</Typography.Text>
      <ul style={{ margin: "4px 0 12px", paddingLeft: 20 }}>
        {plan.content.map((c) => (
          <li key={c.id}>
            {c.id}. {c.title}
          </li>
        ))}
      </ul>
      {plan.note && (
        <>
          <Typography.Text strong>Ghi chú</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: "4px 0 12px" }}>
            {plan.note}
          </Typography.Paragraph>
        </>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        Lập ngày {formatDate(plan.createdAt)}
      </Typography.Text>
      <div style={{ marginTop: 12 }}>
        {/* the notice sent to the members (Decree 30 layout), once the plan is agreed */}
        <DownloadButton
          href={`/api/periods/${periodId}/inspection/notice.docx`}
          disabledReason={
            plan.agreedAt ? null : "Thông báo được lập khi kế hoạch đã được thống nhất."
          }
        >
          Thông báo kế hoạch kiểm tra chéo (Word)
        </DownloadButton>
      </div>
      {plan.problems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title="Phân công chưa đúng quy định"
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {plan.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      {plan.notInspected.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={w(`Chưa có đoàn kiểm tra: ${plan.notInspected.join(", ")}.`)}
        />
      )}
    </Card>
  );
}
