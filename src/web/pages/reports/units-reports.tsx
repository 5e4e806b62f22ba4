/**
 * Every member unit's report for one request, for those who follow them all (the leadership, the
 * standing agency, the council member): sent (when, on time or how late, the file, who sent it)
 * or not. A table on a wide screen, a card per unit on a phone.
 */
import { Grid, Table, type TableColumnsType, Typography } from "antd";
import { formatDateTime } from "../../format.ts";
import { PHONE_CARD } from "../../phone-card.ts";
import { useClusterWords } from "../period/period-data.ts";
import { EarlierReports, FileLink, StatusTag, WRAP } from "./report-parts.tsx";
import type { ReportRequest, UnitReport } from "./reports-data.ts";

const ROLE_WORDS: Record<UnitReport["role"], string | null> = {
  leader: "Cụm trưởng",
  deputy: "Cụm phó",
  member: null,
};

function UnitName({ unit, own }: { unit: UnitReport; own: boolean }) {
  const w = useClusterWords();
  const role = ROLE_WORDS[unit.role];
  return (
    <div style={WRAP}>
      <Typography.Text strong>{unit.name}</Typography.Text>
      {(role || own) && (
        <div>
          <Typography.Text type="secondary">
            {[role && w(role), own && "đơn vị bạn"].filter(Boolean).join(", ")}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}

function FileCell({ periodId, unit }: { periodId: number; unit: UnitReport }) {
  if (!unit.submission) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <>
      <FileLink periodId={periodId} submission={unit.submission} />
      <EarlierReports periodId={periodId} earlier={unit.earlier} />
    </>
  );
}

export function UnitsReports(props: {
  periodId: number;
  request: ReportRequest;
  units: UnitReport[];
  /** The user's own unit, marked in the list; null for an agency. */
  ownUnitId: number | null;
}) {
  const { periodId, request, units, ownUnitId } = props;
  const wide = Grid.useBreakpoint().md ?? true;
  const empty = "Không có đơn vị nào trong danh sách này.";

  if (!wide) {
    if (units.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>;
    return (
      <ul
        aria-label={`Tình hình gửi ${request.title}`}
        style={{ listStyle: "none", margin: 0, padding: 0 }}
      >
        {units.map((u) => (
          <li key={u.unitId} style={{ ...PHONE_CARD, ...WRAP }}>
            <div style={{ display: "flex", gap: 8, justifyContent: "space-between" }}>
              <UnitName unit={u} own={u.unitId === ownUnitId} />
              <div style={{ flex: "none", maxWidth: "50%", textAlign: "right" }}>
                <StatusTag unit={u} />
              </div>
            </div>
            {u.submission && (
              <div style={{ marginTop: 4 }}>
                <div>
                  <Typography.Text type="secondary">
                    {u.submission.submittedBy.name} gửi lúc{" "}
                    {formatDateTime(u.submission.submittedAt)}
                  </Typography.Text>
                </div>
                <FileCell periodId={periodId} unit={u} />
              </div>
            )}
          </li>
        ))}
      </ul>
    );
  }

  const columns: TableColumnsType<UnitReport> = [
    {
      key: "unit",
      title: "Đơn vị",
      width: 240,
      render: (_, u) => <UnitName unit={u} own={u.unitId === ownUnitId} />,
    },
    { key: "status", title: "Tình hình", width: 190, render: (_, u) => <StatusTag unit={u} /> },
    {
      key: "at",
      title: "Thời gian gửi",
      width: 140,
      render: (_, u) => (u.submission ? formatDateTime(u.submission.submittedAt) : "—"),
    },
    {
      key: "file",
      title: "Tệp báo cáo",
      render: (_, u) => <FileCell periodId={periodId} unit={u} />,
    },
    {
      key: "by",
      title: "Người gửi",
      width: 170,
      render: (_, u) => <span style={WRAP}>{u.submission?.submittedBy.name ?? "—"}</span>,
    },
  ];
  return (
    <Table<UnitReport>
      size="small"
      bordered
      rowKey="unitId"
      pagination={false}
      columns={columns}
      dataSource={units}
      scroll={{ x: 980 }}
      locale={{ emptyText: empty }}
    />
  );
}
