import { useQuery } from "@tanstack/react-query";
import { Alert, Badge, Card, Col, Empty, List, Row, Steps, Tag, Typography } from "antd";
import { Link } from "react-router";
import { clusterWord } from "../../../core/labels.ts";
import { type Due, daysText, type Task } from "../../../core/tasks.ts";
import { api } from "../../api.ts";
import { formatDate, formatDateTime } from "../../format.ts";
import { useSession } from "../../session.tsx";

export interface MyPeriod {
  id: number;
  label: string;
  cluster: { id: number; name: string; kind: "cluster" | "block" };
  you: {
    memberRole: string | null;
    leadership: boolean;
    standing: boolean;
    council: boolean;
    data: boolean;
    admin: boolean;
  };
  myUnit: {
    id: number;
    name: string;
    status: string;
    statusLabel: string;
    registered: boolean;
    pactSigned: boolean;
  } | null;
  units: {
    id: number;
    code: string;
    name: string;
    role: string;
    status: string;
    statusLabel: string;
  }[];
  milestones: { key: string; label: string; dueOn: string; late: boolean }[];
  tasks: Task[];
  due: Due[];
  meetings: { id: number; title: string; scheduledAt: string }[];
  lockedAt: string | null;
  resultsPublishedAt: string | null;
}

export function useMyPeriods() {
  return useQuery({
    queryKey: ["me", "periods"],
    queryFn: () => api<{ today: string; periods: MyPeriod[] }>("GET", "/api/me/periods"),
  });
}

/** The steps of a unit's year, each named by the work done in it. */
const STEPS = ["draft", "submitted", "reviewed", "reconciled", "appraised"] as const;

function stepTitles(kind: "cluster" | "block") {
  return ["Tự chấm", `${clusterWord(kind)} chấm`, "Khớp điểm", "Thẩm định", "Khóa kết quả"];
}

/** The step in progress (all done once locked). */
export function stepOf(status: string): number {
  if (status === "locked") return STEPS.length;
  if (status === "disputed") return 2;
  const i = STEPS.indexOf(status as (typeof STEPS)[number]);
  return i < 0 ? 0 : i;
}

/** How far the units of a year are, in a line for those who follow them all. */
function progressLine(p: MyPeriod): string {
  const word = clusterWord(p.cluster.kind);
  const n = p.units.length;
  const count = (statuses: string[]) => p.units.filter((u) => statuses.includes(u.status)).length;
  const parts = [
    `${n - count(["draft"])}/${n} đơn vị đã nộp biểu`,
    `${count(["reviewed", "disputed", "reconciled", "appraised", "locked"])}/${n} ${word} đã chấm`,
    `${count(["appraised", "locked"])}/${n} đã thẩm định`,
  ];
  return parts.join(" · ");
}

const periodName = (p: MyPeriod) => `${p.cluster.name} — năm ${p.label}`;

/** What is waiting for me now, with counts and links; then what falls due; then each year's
 * progress, worded for my part in it. */
export function HomePage() {
  const { user } = useSession();
  const mine = useMyPeriods();
  if (mine.isError) return <Alert type="error" showIcon title={mine.error.message} />;
  const periods = mine.data?.periods ?? [];
  const tasks = periods.flatMap((p) => p.tasks.map((t) => ({ ...t, period: p })));
  const due = [
    ...periods.flatMap((p) =>
      p.due.map((d) => ({
        key: `${p.id}-${d.key}`,
        title: d.label,
        when: formatDate(d.dueOn),
        sort: d.dueOn,
        late: d.days < 0,
        tag: daysText(d.days),
        link: d.link,
        period: p,
      })),
    ),
    ...periods.flatMap((p) =>
      p.meetings.map((m) => ({
        key: `${p.id}-meeting-${m.id}`,
        title: m.title,
        when: formatDateTime(m.scheduledAt),
        sort: m.scheduledAt.slice(0, 10),
        late: false,
        tag: "Cuộc họp",
        link: `/ky/${p.id}/hop/${m.id}`,
        period: p,
      })),
    ),
  ].sort((a, b) => Number(b.late) - Number(a.late) || a.sort.localeCompare(b.sort));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card loading={mine.isPending}>
          <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
            Xin chào, {user.displayName}
          </Typography.Title>
          {periods.length === 0 && <Empty description="Bạn chưa tham gia Cụm, Khối thi đua nào." />}
          {periods.length > 0 && (
            <section aria-label="Việc cần làm">
              <Typography.Title level={2} style={{ fontSize: 16 }}>
                Việc cần làm
              </Typography.Title>
              <List
                dataSource={tasks}
                locale={{ emptyText: <EmptyLine text="Không có việc nào đang chờ bạn." /> }}
                renderItem={(t) => (
                  <List.Item data-task={t.kind}>
                    <List.Item.Meta
                      avatar={<Badge count={t.count} color={TASK_COLORS[t.kind] ?? "blue"} />}
                      title={<Link to={t.link}>{t.title}</Link>}
                      description={[periodName(t.period), t.detail].filter(Boolean).join(" — ")}
                    />
                  </List.Item>
                )}
              />
            </section>
          )}
        </Card>
        {periods.map((p) => (
          <Card
            key={p.id}
            style={{ marginTop: 16 }}
            title={<Link to={`/ky/${p.id}`}>{periodName(p)}</Link>}
            extra={p.lockedAt ? <Tag>Đã khóa kết quả</Tag> : null}
          >
            {p.myUnit && (
              <>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  Biểu của {p.myUnit.name}: {p.myUnit.statusLabel}
                </Typography.Paragraph>
                <Steps
                  size="small"
                  current={stepOf(p.myUnit.status)}
                  status={p.myUnit.status === "disputed" ? "error" : "process"}
                  items={stepTitles(p.cluster.kind).map((title) => ({ title }))}
                  style={{ marginBottom: 12 }}
                />
              </>
            )}
            <Typography.Text type="secondary">{progressLine(p)}</Typography.Text>
          </Card>
        ))}
      </Col>
      <Col xs={24} lg={8}>
        <Card title="Sắp đến hạn" loading={mine.isPending}>
          <List
            dataSource={due}
            locale={{ emptyText: <EmptyLine text="Không có hạn nào sắp tới." /> }}
            renderItem={(d) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <>
                      <Link to={d.link}>{d.title}</Link>{" "}
                      <Tag color={d.late ? "red" : "blue"}>{d.tag}</Tag>
                    </>
                  }
                  description={`${d.when} — ${d.period.cluster.name}`}
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** An empty list's line, readable (axe: 4.5:1, where antd's default is fainter). */
function EmptyLine({ text }: { text: string }) {
  return <span style={{ color: "rgba(0, 0, 0, 0.65)" }}>{text}</span>;
}

const TASK_COLORS: Record<string, string> = {
  returned: "red",
  reconcile: "orange",
  disputed: "red",
  ballot: "purple",
};
