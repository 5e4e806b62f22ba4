/**
 * How the plan becomes agreed (Vùng cao 2022 Điều 7.5): every member acknowledges it in the
 * product, or the leadership records the decision a meeting passed. Shows who has acknowledged
 * and who not yet; a member acknowledges for its unit here.
 */
import { Alert, App, Button, Card, List, Progress, Select, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { ApiError } from "../../api.ts";
import { formatDate, formatDateTime } from "../../format.ts";
import { useSession } from "../../session.tsx";
import { WhyDisabled } from "../../why-disabled.tsx";
import { OK_TAG } from "../meetings/readable-theme.tsx";
import { useClusterWords, usePeriodId } from "../period/period-data.ts";
import {
  type Inspection,
  type InspectionPlan,
  useInspectionWrites,
  usePassedDecisions,
} from "./inspection-data.ts";

export function PlanAgreement({
  inspection,
  plan,
}: {
  inspection: Inspection;
  plan: InspectionPlan;
}) {
  const periodId = usePeriodId();
  const w = useClusterWords();
  const { user } = useSession();
  const { message } = App.useApp();
  const writes = useInspectionWrites(periodId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const acks = inspection.acknowledgements ?? [];
  const done = acks.filter((a) => a.at !== null).length;
  const mine = acks.find((a) => a.unitId === user.unitId);
  const agreed = plan.agreedAt !== null;
  const noVisit = (inspection.visits ?? []).length === 0;

  const acknowledge = async () => {
    setBusy(true);
    setError(null);
    try {
      const out = await writes.acknowledge();
      message.success(
        out.agreed
          ? "Đã xác nhận. Mọi đơn vị đã xác nhận: kế hoạch kiểm tra chéo được thống nhất."
          : `Đã xác nhận kế hoạch. Còn chờ: ${out.waiting.join(", ")}.`,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          Thống nhất kế hoạch
        </Typography.Title>
      }
      style={{ height: "100%" }}
    >
      {agreed ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            plan.agreedHow === "meeting" && plan.decision
              ? `Kế hoạch được thống nhất ngày ${formatDate(plan.agreedAt)} theo kết luận của cuộc họp «${plan.decision.meeting}».`
              : `Kế hoạch được thống nhất ngày ${formatDate(plan.agreedAt)}: mọi đơn vị thành viên đã xác nhận.`
          }
          description={
            plan.agreedHow === "meeting" && plan.decision ? (
              <span style={{ whiteSpace: "pre-wrap" }}>Kết luận: {plan.decision.text}</span>
            ) : undefined
          }
        />
      ) : (
        <Typography.Paragraph>
          {w(
            "Kế hoạch được thống nhất khi mọi đơn vị thành viên xác nhận đồng ý, hoặc khi Cụm trưởng ghi kết luận của cuộc họp Cụm đã thông qua kế hoạch.",
          )}
        </Typography.Paragraph>
      )}

      {/* agreed at a meeting, the acknowledgements no longer matter */}
      {plan.agreedHow !== "meeting" && (
        <>
          <Typography.Text strong>
            {done}/{acks.length} đơn vị đã xác nhận
          </Typography.Text>
          <Progress
            percent={acks.length === 0 ? 0 : Math.round((done / acks.length) * 100)}
            showInfo={false}
            size="small"
            aria-label={`${done} trên ${acks.length} đơn vị đã xác nhận kế hoạch`}
          />
          <List
            size="small"
            dataSource={acks}
            renderItem={(a) => (
              <List.Item style={{ paddingInline: 0 }}>
                <span>
                  {a.name}
                  {a.unitId === user.unitId && " (đơn vị bạn)"}
                </span>
                {a.at ? (
                  <Tag color={OK_TAG} style={{ marginInlineEnd: 0 }}>
                    Đã xác nhận {formatDateTime(a.at)}
                  </Tag>
                ) : (
                  <Tag style={{ marginInlineEnd: 0 }}>Chưa xác nhận</Tag>
                )}
              </List.Item>
            )}
          />
        </>
      )}
      {!agreed && inspection.you.acknowledges && mine && !mine.at && (
        <div style={{ marginTop: 12 }}>
          <WhyDisabled
            why={noVisit ? "Kế hoạch chưa phân công đoàn nào: chưa xác nhận được." : null}
          >
            <Button
              type="primary"
              loading={busy}
              disabled={noVisit}
              onClick={() => void acknowledge()}
            >
              Đơn vị tôi đồng ý kế hoạch
            </Button>
          </WhyDisabled>
        </div>
      )}
      {!agreed && inspection.you.plans && (
        <RecordDecision planVersion={plan.version} noVisit={noVisit} onError={setError} />
      )}
      {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} />}
    </Card>
  );
}

/** The leadership records the plan agreed by a decision a meeting of the year passed. */
function RecordDecision(props: {
  planVersion: number;
  noVisit: boolean;
  onError(text: string | null): void;
}) {
  const periodId = usePeriodId();
  const w = useClusterWords();
  const { message } = App.useApp();
  const writes = useInspectionWrites(periodId);
  const passed = usePassedDecisions(periodId, true);
  const [decisionId, setDecisionId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const why = props.noVisit
    ? "Kế hoạch chưa phân công đoàn nào: chưa thống nhất được."
    : decisionId === null
      ? "Chọn kết luận của cuộc họp đã thông qua kế hoạch."
      : null;

  const record = async () => {
    if (decisionId === null) return;
    setBusy(true);
    props.onError(null);
    try {
      await writes.agree({ decisionId, version: props.planVersion });
      message.success("Đã ghi kế hoạch kiểm tra chéo được thống nhất tại cuộc họp.");
    } catch (e) {
      props.onError(
        e instanceof ApiError && e.status === 409
          ? `${e.message} (Nhấn F5 hoặc tải lại trang để xem kế hoạch mới nhất.)`
          : e instanceof Error
            ? e.message
            : String(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ marginTop: 16, borderTop: "1px solid #f0f0f0", paddingTop: 12 }}>
      <Typography.Text strong style={{ display: "block", marginBottom: 4 }}>
        <label htmlFor="insp-decision">{w("Thống nhất tại cuộc họp Cụm")}</label>
      </Typography.Text>
      {passed.error && <Alert type="error" showIcon title={passed.error.message} />}
      {!passed.isLoading && passed.decisions.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          Chưa có kết luận nào được thông qua ở các cuộc họp năm nay. Ghi kết luận ở trang{" "}
          <Link to={`/ky/${periodId}/hop`} style={{ textDecoration: "underline" }}>
            Cuộc họp
          </Link>
          , hoặc chờ các đơn vị xác nhận.
        </Typography.Paragraph>
      ) : (
        <div style={{ display: "flex", flexWrap: "wrap", gap: 8 }}>
          <Select
            id="insp-decision"
            loading={passed.isLoading}
            placeholder="Chọn kết luận đã được thông qua"
            style={{ flex: "1 1 240px", minWidth: 0 }}
            value={decisionId ?? undefined}
            onChange={(v: number) => setDecisionId(v)}
            popupMatchSelectWidth={false}
            options={passed.decisions.map((d) => ({
              value: d.id,
              label: `${d.text} — ${d.meeting}, ${formatDate(d.decidedAt)}`,
            }))}
            optionRender={(o) => (
              <div style={{ whiteSpace: "normal", maxWidth: "min(560px, 86vw)" }}>{o.label}</div>
            )}
          />
          <WhyDisabled why={why}>
            <Button
              type="primary"
              loading={busy}
              disabled={why !== null}
              onClick={() => void record()}
            >
              Ghi đã thống nhất
            </Button>
          </WhyDisabled>
        </div>
      )}
    </div>
  );
}
