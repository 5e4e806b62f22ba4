/**
 * One request for a report: its title, what is asked, the due day and how far off it is; the
 * user's own unit's report with sending it (a member unit's staff, the leader's and deputy's
 * own units included); and, for those who follow them all, how many units sent and each unit's
 * report.
 */
import { Card, Checkbox, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { daysBetween } from "../../../core/tasks.ts";
import { formatDate } from "../../format.ts";
import { WARN_TAG } from "../meetings/readable-theme.tsx";
import { OwnReport } from "./own-report.tsx";
import { WRAP } from "./report-parts.tsx";
import { countOf, dueLine, dueText, KIND_LABELS, type ReportRequest } from "./reports-data.ts";
import { UnitsReports } from "./units-reports.tsx";

/** "còn 12 ngày" (blue), "còn 2 ngày" (orange), "quá hạn 3 ngày" (red). */
function DueTag({ today, dueOn }: { today: string; dueOn: string }) {
  const left = daysBetween(today, dueOn);
  const color = left < 0 ? "#a8071a" : left <= 3 ? WARN_TAG : "blue";
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }}>
      {dueText(today, dueOn)}
    </Tag>
  );
}

/** "3/5 đơn vị đã gửi (1 chậm hạn); 2 đơn vị chưa gửi, đã quá hạn." */
function countLine(request: ReportRequest): string {
  const c = countOf(request);
  const late = c.late > 0 ? ` (${c.late} chậm hạn)` : "";
  const missing = c.missing > 0 ? `; ${c.missing} đơn vị chưa gửi, đã quá hạn` : "";
  return `${c.sent}/${c.total} đơn vị đã gửi${late}${missing}.`;
}

export function RequestCard(props: {
  periodId: number;
  request: ReportRequest;
  today: string;
  /** The user sees every unit's report (leadership, standing agency, council member). */
  seesAll: boolean;
  /** The user's own member unit, which sends its report; null for an agency. */
  ownUnitId: number | null;
  /** Why nothing can be sent now (a locked year); null when it can. */
  lockedReason: string | null;
}) {
  const { periodId, request, today, seesAll, ownUnitId, lockedReason } = props;
  const [onlyUnsent, setOnlyUnsent] = useState(false);
  const own = ownUnitId === null ? null : request.units.find((u) => u.unitId === ownUnitId);
  // how far off the due day is matters while a report it asks for is still to come
  const waiting = (seesAll ? request.units : own ? [own] : []).some((u) => !u.submission);
  const headingId = `bao-cao-${request.key}`;
  const c = countOf(request);
  const filtered = onlyUnsent && c.sent < c.total;
  const listed = filtered ? request.units.filter((u) => !u.submission) : request.units;

  return (
    <Card size="small" style={{ marginBottom: 16 }} role="region" aria-labelledby={headingId}>
      <Space orientation="vertical" size={8} style={{ width: "100%" }}>
        <div style={WRAP}>
          <Typography.Title id={headingId} level={3} style={{ fontSize: 16, margin: 0 }}>
            {request.title}
          </Typography.Title>
          <Space wrap size={[8, 4]} style={{ marginTop: 6 }}>
            <Tag style={{ marginInlineEnd: 0 }}>{KIND_LABELS[request.kind]}</Tag>
            <Typography.Text strong>{dueLine(request.dueOn)}</Typography.Text>
            {waiting && <DueTag today={today} dueOn={request.dueOn} />}
          </Space>
        </div>
        {request.body && (
          <Typography.Paragraph
            type="secondary"
            style={{ margin: 0, whiteSpace: "pre-line", ...WRAP }}
            ellipsis={{
              rows: 3,
              expandable: "collapsible",
              symbol: (open) => (open ? "Thu gọn" : "Xem thêm"),
            }}
          >
            {request.body}
          </Typography.Paragraph>
        )}
        {request.kind === "adhoc" && request.createdBy && (
          <Typography.Text type="secondary" style={WRAP}>
            Người yêu cầu: {request.createdBy.name}
            {request.createdAt ? `, ngày ${formatDate(request.createdAt)}` : ""}.
          </Typography.Text>
        )}

        {own && (
          <section
            aria-label={`Báo cáo của ${own.name}`}
            style={
              seesAll
                ? { border: "1px solid #91caff", borderRadius: 8, padding: "8px 12px" }
                : undefined
            }
          >
            {seesAll && (
              <Typography.Title level={4} style={{ fontSize: 14, margin: "0 0 6px", ...WRAP }}>
                Báo cáo của đơn vị bạn ({own.name})
              </Typography.Title>
            )}
            <OwnReport
              periodId={periodId}
              request={request}
              own={own}
              today={today}
              lockedReason={lockedReason}
            />
          </section>
        )}

        {seesAll && (
          <>
            <div
              style={{
                display: "flex",
                flexWrap: "wrap",
                gap: "4px 16px",
                alignItems: "center",
                justifyContent: "space-between",
              }}
            >
              <Typography.Text strong>{countLine(request)}</Typography.Text>
              {c.sent < c.total && (
                <Checkbox checked={onlyUnsent} onChange={(e) => setOnlyUnsent(e.target.checked)}>
                  Chỉ đơn vị chưa gửi ({c.total - c.sent})
                </Checkbox>
              )}
            </div>
            <UnitsReports
              periodId={periodId}
              request={request}
              units={listed}
              ownUnitId={ownUnitId}
            />
          </>
        )}
      </Space>
    </Card>
  );
}
