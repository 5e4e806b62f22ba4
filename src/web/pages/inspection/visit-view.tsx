/**
 * One visit: who inspects whom, when and where, how far it is; then the team's workspace (the
 * findings row by row, and «Đối chiếu, thống nhất» once the unit has answered every one), the
 * inspected unit's answers, or the findings to read for the others who may.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Grid, Modal, Space, Typography } from "antd";
import { useCallback, useState } from "react";
import { Link } from "react-router";
import { ApiError, api } from "../../api.ts";
import { DownloadButton } from "../../files.tsx";
import { formatDate, formatDateTime } from "../../format.ts";
import { WhyDisabled } from "../../why-disabled.tsx";
import { type CriterionRow, useClusterWords, usePeriodId } from "../period/period-data.ts";
import type { SheetData } from "../scoring-sheet/sheet-data.ts";
import { type FindingLine, type FindingsMode, FindingsTable } from "./findings.tsx";
import {
  type InspectionPlan,
  inspectedLeaves,
  officersText,
  useInspectionWrites,
  type Visit,
  visitStatus,
} from "./inspection-data.ts";

/** The inspected unit's sheet when this user may read it (the team may not: 403, not retried). */
function useUnitSheet(periodId: number, unitId: number) {
  return useQuery({
    queryKey: ["sheet", periodId, unitId],
    queryFn: () => api<SheetData>("GET", `/api/periods/${periodId}/units/${unitId}/sheet`),
    retry: (count, e) => !(e instanceof ApiError && e.status === 403) && count < 1,
  });
}

export function VisitView({
  visit,
  plan,
  plans,
  criteria,
  backTo,
}: {
  visit: Visit;
  plan: InspectionPlan;
  /** This user is the cluster's leadership. */
  plans: boolean;
  criteria: CriterionRow[];
  backTo: string;
}) {
  const periodId = usePeriodId();
  const w = useClusterWords();
  const wide = Grid.useBreakpoint().md ?? true;
  const sheet = useUnitSheet(periodId, visit.inspected.id);
  const [dirty, setDirty] = useState<ReadonlySet<string>>(new Set());
  const onDirty = useCallback(
    (id: string, is: boolean) =>
      setDirty((d) => {
        if (d.has(id) === is) return d;
        const next = new Set(d);
        if (is) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );

  const mode: FindingsMode =
    visit.you === "inspected" ? "answer" : visit.you === "team" || plans ? "record" : "read";
  const open = plan.agreedAt !== null && visit.reconciledAt === null;
  const findings = visit.findings ?? [];
  const leaves = inspectedLeaves(
    criteria,
    plan.content.map((c) => c.id),
  );
  const rowOf = (id: string) => sheet.data?.rows.find((r) => r.criterionId === id);
  const lines: FindingLine[] = leaves
    .map((c) => ({
      criterion: c,
      finding: findings.find((f) => f.criterionId === c.id),
      sheetRow: rowOf(c.id),
    }))
    .filter((l) => mode !== "answer" || l.finding !== undefined);
  const refused = sheet.error instanceof ApiError && sheet.error.status === 403;
  const status = visitStatus(visit);
  const { agreed, disputed, unanswered } = visit.progress;
  const notRecorded = leaves.length - findings.length;

  return (
    <>
      <Link to={backTo} style={{ textDecoration: "underline" }}>
        ← Kế hoạch, lịch kiểm tra chéo
      </Link>
      <Typography.Title level={2} style={{ fontSize: 18, margin: "8px 0" }}>
        Kiểm tra tại {visit.inspected.name}
      </Typography.Title>
      <Card
        style={{ marginBottom: 16 }}
        extra={
          <DownloadButton
            href={`/api/periods/${periodId}/inspection/visits/${visit.id}/minutes.docx`}
          >
            Biên bản kiểm tra (Word)
          </DownloadButton>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: "team", label: "Đoàn kiểm tra", children: visit.team.name },
            {
              key: "date",
              label: "Ngày kiểm tra",
              children: visit.visitOn ? formatDate(visit.visitOn) : "Chưa định",
            },
            { key: "place", label: "Địa điểm", children: visit.place || "Chưa định" },
            {
              key: "members",
              label: "Thành phần đoàn",
              span: "filled",
              children: visit.members.length > 0 ? officersText(visit.members) : "Chưa ghi",
            },
            { key: "status", label: "Tình trạng", span: "filled", children: status.label },
          ]}
        />
        {mode === "record" && (
          <ReconcileBar visit={visit} open={open} leaves={leaves.length} dirty={[...dirty]} />
        )}
      </Card>

      {plan.agreedAt === null && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="Kế hoạch kiểm tra chéo chưa được thống nhất: chưa ghi, chưa trả lời kết quả kiểm tra được."
        />
      )}
      {visit.reconciledAt && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={`Đã đối chiếu, thống nhất lúc ${formatDateTime(visit.reconciledAt)}.`}
          description={w(
            `${agreed} kết quả đơn vị đồng ý đã thành điểm Cụm chấm của ${visit.inspected.name}; ${disputed} kết quả không đồng ý chờ cuộc họp trù bị của Cụm. Kết quả kiểm tra không sửa được nữa.`,
          )}
        />
      )}
      {mode === "record" && refused && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={w(
            `Đoàn không xem được biểu chấm điểm của ${visit.inspected.name} trước khi Cụm công bố kết quả. Cột «Đơn vị tự chấm» là số liệu đơn vị tự chấm mà máy chủ ghi lại khi đoàn lưu kết quả từng tiêu chí; đối chiếu với hồ sơ, minh chứng tại đơn vị.`,
          )}
        />
      )}
      {mode === "record" && open && visit.you !== "team" && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={w(
            `Bạn ghi kết quả với tư cách Cụm trưởng, Cụm phó; đoàn của ${visit.team.name} cũng ghi được.`,
          )}
        />
      )}
      {mode === "answer" && open && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={w(
            "Xem từng kết quả của đoàn rồi trả lời: «Đồng ý», hoặc «Không đồng ý» kèm lý do. Khi hai bên đối chiếu, thống nhất, kết quả đồng ý thành điểm Cụm chấm; kết quả không đồng ý đưa ra cuộc họp trù bị.",
          )}
          description={
            unanswered > 0
              ? `Còn ${unanswered} kết quả chờ đơn vị trả lời.`
              : findings.length > 0
                ? "Đơn vị đã trả lời mọi kết quả đoàn đã ghi."
                : undefined
          }
        />
      )}
      {sheet.error && !refused && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={sheet.error.message} />
      )}

      <Card
        title={
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {mode === "answer" ? "Kết quả kiểm tra của đoàn" : "Kết quả kiểm tra từng tiêu chí"}
          </Typography.Title>
        }
        extra={
          mode === "answer" && notRecorded > 0 && !visit.reconciledAt
            ? `Đoàn chưa ghi ${notRecorded}/${leaves.length} tiêu chí`
            : undefined
        }
        styles={{ body: { padding: wide ? 12 : 8 } }}
      >
        <FindingsTable
          lines={lines}
          mode={mode}
          visitId={visit.id}
          open={open}
          wide={wide}
          onDirty={onDirty}
        />
      </Card>
    </>
  );
}

/** How far the findings are, and «Đối chiếu, thống nhất» with what it does, once possible. */
function ReconcileBar(props: { visit: Visit; open: boolean; leaves: number; dirty: string[] }) {
  const { visit, open, dirty } = props;
  const periodId = usePeriodId();
  const w = useClusterWords();
  const { message } = App.useApp();
  const writes = useInspectionWrites(periodId);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { findings, agreed, disputed, unanswered } = visit.progress;
  const waiting = (visit.findings ?? [])
    .filter((f) => f.response === null)
    .map((f) => f.criterionId);
  const why = !open
    ? null
    : findings === 0
      ? "Đoàn chưa ghi kết quả kiểm tra nào."
      : dirty.length > 0
        ? `Còn ${dirty.length} dòng chưa lưu (${dirty.join(", ")}): lưu trước khi thống nhất.`
        : unanswered > 0
          ? `${visit.inspected.name} chưa trả lời ${unanswered} kết quả (${waiting.join(", ")}): mỗi kết quả cần được đồng ý hoặc không đồng ý trước khi thống nhất.`
          : null;

  const reconcile = async () => {
    setBusy(true);
    setError(null);
    try {
      const out = await writes.reconcile(visit.id, visit.version);
      setAsking(false);
      message.success(
        w(
          `Đã thống nhất: ${out.agreed} kết quả thành điểm Cụm chấm, ${out.disputed} kết quả chờ cuộc họp trù bị.`,
        ),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        display: "flex",
        flexWrap: "wrap",
        gap: 8,
        alignItems: "center",
        marginTop: 12,
        paddingTop: 12,
        borderTop: "1px solid #f0f0f0",
      }}
    >
      <Typography.Text style={{ flex: "1 1 280px" }}>
        {`Đã ghi ${findings}/${props.leaves} tiêu chí; đơn vị đồng ý ${agreed}, không đồng ý ${disputed}, chờ trả lời ${unanswered}.`}
      </Typography.Text>
      {open && (
        <Space direction="vertical" size={2} style={{ maxWidth: "100%" }}>
          <WhyDisabled why={why}>
            <Button type="primary" disabled={why !== null} onClick={() => setAsking(true)}>
              Đối chiếu, thống nhất
            </Button>
          </WhyDisabled>
          {why && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {why}
            </Typography.Text>
          )}
        </Space>
      )}
      <Modal
        open={asking}
        title={`Đối chiếu, thống nhất kết quả kiểm tra tại ${visit.inspected.name}?`}
        okText="Thống nhất"
        cancelText="Hủy"
        confirmLoading={busy}
        onOk={() => void reconcile()}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {w(
            `${agreed} kết quả đơn vị đồng ý trở thành điểm Cụm chấm của ${visit.inspected.name}; ${disputed} kết quả không đồng ý chờ cuộc họp trù bị của Cụm.`,
          )}
        </Typography.Paragraph>
        <Typography.Paragraph>
          Sau khi thống nhất, kết quả kiểm tra không sửa được nữa và số liệu đã kiểm tra được khóa:
          đơn vị tự ý điều chỉnh số liệu đó sẽ không được xét khen thưởng năm nay.
        </Typography.Paragraph>
        <Typography.Paragraph strong>Việc này không hoàn tác được.</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </div>
  );
}
