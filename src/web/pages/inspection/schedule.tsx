/**
 * The schedule of the visits, for everyone of the cluster: the unit inspected, the team, the
 * date and place, how far each visit is. A table on a wide screen, a card per visit on a phone;
 * the visits this user may open (their team's, their unit's, or as the leadership) link to it.
 */
import { Button, Empty, Grid, Table, Tag, Typography } from "antd";
import { useNavigate } from "react-router";
import { formatDate } from "../../format.ts";
import { PHONE_CARD } from "../../phone-card.ts";
import { officersText, type Visit, visitStatus } from "./inspection-data.ts";

/** What opening a visit does for this user, or null when its findings are not theirs. */
export function openLabel(v: Visit, plans: boolean): string | null {
  if (v.findings === null) return null;
  if (v.you === "inspected") {
    return !v.reconciledAt && v.progress.unanswered > 0 ? "Trả lời kết quả" : "Xem kết quả";
  }
  if ((v.you === "team" || plans) && !v.reconciledAt) return "Ghi kết quả";
  return "Xem kết quả";
}

function YouTag({ v }: { v: Visit }) {
  if (v.you === "team") return <Tag color="blue">Đoàn của đơn vị bạn</Tag>;
  if (v.you === "inspected") return <Tag color="purple">Đơn vị bạn được kiểm tra</Tag>;
  return null;
}

function StatusTag({ v }: { v: Visit }) {
  const s = visitStatus(v);
  return (
    <Tag color={s.color} style={{ whiteSpace: "normal", marginInlineEnd: 0 }}>
      {s.label}
    </Tag>
  );
}

export function Schedule({
  visits,
  plans,
  linkOf,
}: {
  visits: Visit[];
  plans: boolean;
  linkOf(v: Visit): string;
}) {
  const wide = Grid.useBreakpoint().md ?? true;
  const navigate = useNavigate();
  const open = (v: Visit) => {
    const label = openLabel(v, plans);
    return label ? (
      <Button
        size="small"
        type={v.you ? "primary" : "default"}
        aria-label={`${label}: kiểm tra tại ${v.inspected.name}`}
        onClick={() => navigate(linkOf(v))}
      >
        {label}
      </Button>
    ) : null;
  };
  if (visits.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có lượt kiểm tra nào." />;
  }
  if (!wide) {
    return (
      <div>
        {visits.map((v) => (
          <article key={v.id} aria-label={`Kiểm tra tại ${v.inspected.name}`} style={PHONE_CARD}>
            <div style={{ fontWeight: 600 }}>{v.inspected.name}</div>
            <div>
              <Typography.Text type="secondary">Đoàn: </Typography.Text>
              {v.team.name}
            </div>
            {v.members.length > 0 && (
              <div style={{ fontSize: 13 }}>
                <Typography.Text type="secondary">Thành phần: </Typography.Text>
                {officersText(v.members)}
              </div>
            )}
            <div>
              <Typography.Text type="secondary">Ngày: </Typography.Text>
              {v.visitOn ? formatDate(v.visitOn) : "chưa định"}
              {v.place && (
                <>
                  {" "}
                  <Typography.Text type="secondary">tại </Typography.Text>
                  {v.place}
                </>
              )}
            </div>
            <div
              style={{
                display: "flex",
                flexWrap: "wrap",
                gap: 6,
                alignItems: "center",
                marginTop: 6,
              }}
            >
              <StatusTag v={v} />
              <YouTag v={v} />
              <span style={{ marginInlineStart: "auto" }}>{open(v)}</span>
            </div>
          </article>
        ))}
      </div>
    );
  }
  return (
    <Table<Visit>
      rowKey="id"
      size="middle"
      pagination={false}
      dataSource={visits}
      columns={[
        {
          title: "Đơn vị được kiểm tra",
          key: "inspected",
          render: (_, v) => (
            <>
              <div>{v.inspected.name}</div>
              <YouTag v={v} />
            </>
          ),
        },
        {
          title: "Đoàn kiểm tra",
          key: "team",
          render: (_, v) => (
            <>
              <div>{v.team.name}</div>
              {v.members.length > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {officersText(v.members)}
                </Typography.Text>
              )}
            </>
          ),
        },
        {
          title: "Ngày",
          key: "date",
          width: 110,
          render: (_, v) => (v.visitOn ? formatDate(v.visitOn) : "chưa định"),
        },
        { title: "Địa điểm", dataIndex: "place", width: 200 },
        {
          title: "Tình trạng",
          key: "status",
          width: 230,
          render: (_, v) => <StatusTag v={v} />,
        },
        { title: "", key: "open", width: 140, render: (_, v) => open(v) },
      ]}
    />
  );
}
