import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Col, Empty, List, Row, Steps, Tag, Typography } from "antd";
import { Link } from "react-router";
import { api } from "../../api.ts";
import { formatDate } from "../../format.ts";
import { useSession } from "../../session.tsx";

export interface MyPeriod {
  id: number;
  label: string;
  cluster: { id: number; name: string; kind: string };
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
  lockedAt: string | null;
  resultsPublishedAt: string | null;
}

export function useMyPeriods() {
  return useQuery({
    queryKey: ["me", "periods"],
    queryFn: () => api<{ today: string; periods: MyPeriod[] }>("GET", "/api/me/periods"),
  });
}

/** The steps of a unit's year, for the progress stepper. */
export const YEAR_STEPS = [
  "draft",
  "submitted",
  "reviewed",
  "reconciled",
  "appraised",
  "locked",
] as const;
const STEP_TITLES = ["Tự chấm", "Đã nộp", "Cụm chấm", "Khớp điểm", "Thẩm định", "Khóa"];

export function stepOf(status: string): number {
  const i = YEAR_STEPS.indexOf(status as (typeof YEAR_STEPS)[number]);
  return i < 0 ? 2 : i;
}

/** What do I have to do, by when: my years, their deadlines (overdue first), each unit's step. */
export function HomePage() {
  const { user } = useSession();
  const mine = useMyPeriods();
  if (mine.isError) return <Alert type="error" showIcon title={mine.error.message} />;
  const periods = mine.data?.periods ?? [];
  const deadlines = periods
    .flatMap((p) => p.milestones.map((m) => ({ ...m, period: p })))
    .sort((a, b) => Number(b.late) - Number(a.late) || a.dueOn.localeCompare(b.dueOn));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card loading={mine.isPending}>
          <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
            Xin chào, {user.displayName}
          </Typography.Title>
          {periods.length === 0 && <Empty description="Bạn chưa tham gia Cụm, Khối thi đua nào." />}
          {periods.map((p) => (
            <Card
              key={p.id}
              type="inner"
              style={{ marginBottom: 12 }}
              title={<Link to={`/ky/${p.id}`}>{`${p.cluster.name} — năm ${p.label}`}</Link>}
            >
              {p.myUnit && (
                <Steps
                  size="small"
                  current={stepOf(p.myUnit.status)}
                  items={STEP_TITLES.map((title) => ({ title }))}
                  style={{ marginBottom: 12 }}
                />
              )}
              <Typography.Text type="secondary">
                {p.units.filter((u) => u.status !== "draft").length}/{p.units.length} đơn vị đã nộp
                biểu
              </Typography.Text>
            </Card>
          ))}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title="Hạn sắp tới và đã quá" loading={mine.isPending}>
          <List
            dataSource={deadlines}
            locale={{ emptyText: "Không có hạn nào." }}
            renderItem={(d) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <>
                      {d.label}{" "}
                      {d.late ? <Tag color="red">Quá hạn</Tag> : <Tag color="blue">Sắp tới</Tag>}
                    </>
                  }
                  description={`${formatDate(d.dueOn)} — ${d.period.cluster.name}`}
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
