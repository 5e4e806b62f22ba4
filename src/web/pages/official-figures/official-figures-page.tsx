/**
 * Số liệu chính thức: the data-providing agency's page of a cluster's year — the criteria it
 * gives figures for (core/official-figures.ts) and every unit of the cluster with a way to its
 * sheet, where it types or imports the figures while the sheet waits for the cluster's review.
 */
import { Alert, Button, Card, Grid, List, Space, Table, Tag, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import { OFFICIAL_COLUMN_TITLE, takesOfficialFigure } from "../../../core/official-figures.ts";
import { ROLE_LABELS } from "../../format.ts";
import { useSession } from "../../session.tsx";
import { WhyDisabled } from "../../why-disabled.tsx";
import { StatusTag } from "../cluster-review/status-tag.tsx";
import { type PeriodOverview, useClusterWords, usePeriod } from "../period/period-data.ts";

type Unit = PeriodOverview["units"][number];

const KIND_LABELS: Record<string, string> = {
  ratio: "Kế hoạch, thực hiện",
  deduction: "Số lần, điểm trừ",
  external: "Kết quả đánh giá chính thức",
};

/** Whether a sheet still takes official figures (as save-score.ts decides). */
const open = (u: Unit) => u.status === "draft" || u.status === "submitted";

export function OfficialFiguresPage() {
  const period = usePeriod();
  const { user } = useSession();
  const navigate = useNavigate();
  const w = useClusterWords();
  // on a phone the unit's role and status go under its name: the button stays on the screen
  const wide = Grid.useBreakpoint().md ?? true;
  if (!period.data) return null;
  const { you, units, scheme } = period.data;
  const base = `/ky/${period.data.period.id}`;
  const provided = scheme.criteria.filter((c) => takesOfficialFigure(c.kind));
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {OFFICIAL_COLUMN_TITLE}
      </Typography.Title>
      {!you.data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={w("Trang này dành cho cơ quan cung cấp số liệu của cấp quản lý Cụm: bạn chỉ xem.")}
        />
      )}
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        title={`${provided.length} tiêu chí tính từ số liệu chính thức`}
      >
        {provided.length === 0 ? (
          <Typography.Text type="secondary">
            {w(
              "Bộ tiêu chí của Cụm không có tiêu chí nào tính từ số liệu (tỷ lệ so với kế hoạch, điểm trừ theo số lần vi phạm, kết quả đánh giá chính thức khác): không có số liệu chính thức để nhập.",
            )}
          </Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={provided}
            renderItem={(c) => (
              <List.Item>
                <Space wrap size={[8, 0]}>
                  <strong>{c.id}</strong>
                  <span>{c.title}</span>
                  <Tag>{KIND_LABELS[c.kind] ?? c.kind}</Tag>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Typography.Paragraph type="secondary">
        {you.data
          ? `${user.displayName} ${w("nhập số liệu khi biểu của đơn vị đang tự chấm hoặc đã nộp, chờ Cụm chấm; sau đó số liệu chỉ còn để xem. Trên biểu, đơn vị thấy số liệu chính thức cùng nguồn số liệu bên cạnh số liệu của mình.")}`
          : w("Số liệu chính thức được nhập khi biểu đang tự chấm hoặc đã nộp, chờ Cụm chấm.")}
      </Typography.Paragraph>
      <Table<Unit>
        size="small"
        bordered
        pagination={false}
        rowKey="id"
        dataSource={units}
        columns={[
          ...(wide
            ? [
                {
                  title: "Đơn vị",
                  key: "name",
                  render: (_: unknown, u: Unit) => (
                    <Link to={`${base}/don-vi/${u.id}`}>{u.name}</Link>
                  ),
                },
                {
                  title: "Vai trò",
                  key: "role",
                  width: 110,
                  render: (_: unknown, u: Unit) => w(ROLE_LABELS[u.role]),
                },
                {
                  title: "Trạng thái biểu",
                  key: "status",
                  width: 200,
                  render: (_: unknown, u: Unit) => (
                    <StatusTag status={u.status} label={u.statusLabel} />
                  ),
                },
              ]
            : [
                {
                  title: "Đơn vị",
                  key: "name",
                  render: (_: unknown, u: Unit) => (
                    <>
                      <Link to={`${base}/don-vi/${u.id}`}>{u.name}</Link>
                      <div style={{ fontSize: 12, margin: "2px 0" }}>{w(ROLE_LABELS[u.role])}</div>
                      <StatusTag status={u.status} label={u.statusLabel} />
                    </>
                  ),
                },
              ]),
          {
            title: "Thao tác",
            key: "action",
            width: wide ? 170 : 124,
            render: (_, u) => {
              const why = !you.data
                ? "Chỉ cơ quan cung cấp số liệu nhập số liệu chính thức."
                : provided.length === 0
                  ? "Bộ tiêu chí không có tiêu chí nào tính từ số liệu chính thức."
                  : open(u)
                    ? null
                    : `Biểu đang ở bước «${u.statusLabel}»: ${w("đã qua bước Cụm chấm, không nhập số liệu chính thức được nữa.")}`;
              const button = (
                <Button
                  size="small"
                  type="primary"
                  disabled={why !== null}
                  aria-label={`Nhập số liệu — ${u.name}`}
                  onClick={() => navigate(`${base}/don-vi/${u.id}`)}
                >
                  Nhập số liệu
                </Button>
              );
              return <WhyDisabled why={why}>{button}</WhyDisabled>;
            },
          },
        ]}
      />
    </>
  );
}
