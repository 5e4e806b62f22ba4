import { useQueries } from "@tanstack/react-query";
import {
  Alert,
  Badge,
  Button,
  Calendar,
  Card,
  Col,
  ConfigProvider,
  Empty,
  Grid,
  List,
  Row,
  Space,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api.ts";
import { formatDate } from "../../format.ts";
import { type MyPeriod, useMyPeriods } from "../home/home-page.tsx";
import { type Inspection, inspectionKey } from "../inspection/inspection-data.ts";

interface Due {
  key: string;
  label: string;
  dueOn: string;
  late: boolean;
  period: MyPeriod;
  /** A cross-inspection visit (its day, not a deadline): where it is seen. */
  visit?: { link: string };
}

// days of the next and previous months stay readable (axe: 4.5:1)
const CALENDAR_TOKENS = { colorTextDisabled: "rgba(0, 0, 0, 0.56)" };

const LATE = "#cf1322";
const AHEAD = "#0958d9";
const VISIT = "#237804";
const ITEM = { display: "flex", alignItems: "center", gap: 4, overflow: "hidden" } as const;
const DOT = { width: 6, height: 6, borderRadius: 3, flex: "none" } as const;
const TEXT = {
  fontSize: 12,
  overflow: "hidden",
  textOverflow: "ellipsis",
  whiteSpace: "nowrap",
} as const;

/** Month navigation with buttons that say what they do (antd's own selects have no label). */
function MonthHeader({
  value,
  today,
  onChange,
}: {
  value: Dayjs;
  today: Dayjs;
  onChange: (d: Dayjs) => void;
}) {
  return (
    <Space wrap style={{ marginBottom: 8, justifyContent: "space-between", width: "100%" }}>
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }} aria-live="polite">
        Tháng {value.format("MM/YYYY")}
      </Typography.Title>
      <Space wrap>
        <Button onClick={() => onChange(value.subtract(1, "month"))}>‹ Tháng trước</Button>
        <Button onClick={() => onChange(today)}>Hôm nay</Button>
        <Button onClick={() => onChange(value.add(1, "month"))}>Tháng sau ›</Button>
      </Space>
    </Space>
  );
}

/**
 * The days of the cross-inspection visits of the years I am a member of (the plan of each year,
 * read as its page reads it): a visit of a plan not yet agreed is marked planned (dự kiến).
 */
function useVisitDays(periods: MyPeriod[]): Due[] {
  const member = periods.filter((p) => p.you.memberRole !== null);
  const plans = useQueries({
    queries: member.map((p) => ({
      queryKey: inspectionKey(p.id),
      queryFn: () => api<Inspection>("GET", `/api/periods/${p.id}/inspection`),
    })),
  });
  return member.flatMap((p, i) => {
    const data = plans[i]?.data;
    const agreed = Boolean(data?.plan?.agreedAt);
    return (data?.visits ?? []).flatMap((v) =>
      v.visitOn
        ? [
            {
              key: `inspection-${v.id}`,
              label: `Kiểm tra chéo tại ${v.inspected.name} (đoàn ${v.team.name})${agreed ? "" : ", dự kiến"}`,
              dueOn: v.visitOn,
              late: false,
              period: p,
              visit: {
                link: `/ky/${p.id}/kiem-tra-cheo${v.findings === null ? "" : `?luot=${v.id}`}`,
              },
            },
          ]
        : [],
    );
  });
}

/** Lịch thi đua: the milestones of every year I take part in, on a calendar and in a list. */
export function CalendarPage() {
  const mine = useMyPeriods();
  const visits = useVisitDays(mine.data?.periods ?? []);
  const screens = Grid.useBreakpoint();
  const [picked, setPicked] = useState<Dayjs | null>(null);
  if (mine.isError) return <Alert type="error" showIcon title={mine.error.message} />;
  const today = mine.data?.today;
  const value = picked ?? (today ? dayjs(today) : dayjs());
  const dues: Due[] = (mine.data?.periods ?? [])
    .flatMap((p): Due[] => p.milestones.map((m) => ({ ...m, period: p })))
    .concat(visits)
    .sort((a, b) => Number(b.late) - Number(a.late) || a.dueOn.localeCompare(b.dueOn));
  const byDay = new Map<string, Due[]>();
  for (const d of dues) byDay.set(d.dueOn, [...(byDay.get(d.dueOn) ?? []), d]);
  const wide = screens.lg !== false;

  return (
    <ConfigProvider theme={{ token: CALENDAR_TOKENS }}>
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
        Lịch thi đua
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card loading={mine.isPending}>
            <Calendar
              fullscreen={wide}
              value={value}
              onChange={(d) => setPicked(d)}
              headerRender={({ value: shown, onChange }) => (
                <MonthHeader
                  value={shown}
                  today={today ? dayjs(today) : dayjs()}
                  onChange={(d) => {
                    onChange(d);
                    setPicked(d);
                  }}
                />
              )}
              cellRender={(current, info) => {
                if (info.type === "month") {
                  const n = dues.filter((d) =>
                    d.dueOn.startsWith(current.format("YYYY-MM")),
                  ).length;
                  return n > 0 ? <Badge count={n} color="blue" /> : null;
                }
                if (info.type !== "date") return info.originNode;
                const due = byDay.get(current.format("YYYY-MM-DD")) ?? [];
                if (due.length === 0) return null;
                if (!wide) {
                  const late = due.some((d) => d.late);
                  const visitOnly = due.every((d) => d.visit);
                  return (
                    <Badge
                      status={late ? "error" : visitOnly ? "success" : "processing"}
                      title={due.map((d) => d.label).join("; ")}
                    />
                  );
                }
                return (
                  <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
                    {due.slice(0, 3).map((d) => (
                      <li key={`${d.period.id}-${d.key}`} title={d.label} style={ITEM}>
                        <span
                          style={{ ...DOT, background: d.visit ? VISIT : d.late ? LATE : AHEAD }}
                        />
                        <span style={{ ...TEXT, color: d.late ? LATE : undefined }}>{d.label}</span>
                      </li>
                    ))}
                    {due.length > 3 && <li style={TEXT}>và {due.length - 3} mốc khác</li>}
                  </ul>
                );
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card
            loading={mine.isPending}
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                Các mốc trong năm
              </Typography.Title>
            }
            extra={today && `Hôm nay: ${formatDate(today)}`}
          >
            <List
              dataSource={dues}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description="Không có mốc thời gian nào."
                  />
                ),
              }}
              renderItem={(d) => (
                <List.Item
                  actions={[
                    <Button key="show" size="small" onClick={() => setPicked(dayjs(d.dueOn))}>
                      Xem trên lịch
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Typography.Text type={d.late ? "danger" : undefined} strong={d.late}>
                        {d.label}{" "}
                        {d.visit ? (
                          <Tag color={VISIT}>Kiểm tra chéo</Tag>
                        ) : d.late ? (
                          <Tag color="red">Quá hạn</Tag>
                        ) : (
                          <Tag color="blue">Sắp tới</Tag>
                        )}
                      </Typography.Text>
                    }
                    description={
                      <>
                        {d.visit ? "Ngày" : "Hạn"} {formatDate(d.dueOn)} —{" "}
                        <Link
                          to={d.visit?.link ?? `/ky/${d.period.id}`}
                          style={{ textDecoration: "underline" }}
                        >
                          {d.period.cluster.name}, năm {d.period.label}
                        </Link>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </ConfigProvider>
  );
}
