/**
 * The small parts both views of the reports share: a unit's status as a tag, a report's file as a
 * download link, and the reports a later one replaced (kept, still downloadable).
 */
import { Tag, Typography } from "antd";
import { formatDateTime, sizeText } from "../../format.ts";
import { OK_TAG, WARN_TAG } from "../meetings/readable-theme.tsx";
import {
  type ReportSubmission,
  reportFileUrl,
  type UnitReport,
  type UnitReportStatus,
} from "./reports-data.ts";

/** Solid tags with white text (4.5:1); "not yet due" stays plain. */
const STATUS_COLORS: Record<UnitReportStatus, string | undefined> = {
  onTime: OK_TAG,
  late: WARN_TAG,
  notYet: undefined,
  missing: "#a8071a",
};

/** Long file and unit names wrap where they must: nothing beyond a phone's edge. */
export const WRAP = { overflowWrap: "anywhere" as const, minWidth: 0 };

export function StatusTag({ unit }: { unit: UnitReport }) {
  return (
    <Tag color={STATUS_COLORS[unit.status]} style={{ marginInlineEnd: 0, whiteSpace: "normal" }}>
      {unit.statusLabel}
    </Tag>
  );
}

/** The file as a link that downloads it: "bao-cao-6-thang.pdf (1,2 MB)". */
export function FileLink(props: { periodId: number; submission: ReportSubmission }) {
  const { periodId, submission } = props;
  return (
    <span style={WRAP}>
      <a
        href={reportFileUrl(periodId, submission.id)}
        download={submission.fileName}
        style={{ textDecoration: "underline" }}
        aria-label={`Tải tệp báo cáo ${submission.fileName}`}
      >
        {submission.fileName}
      </a>{" "}
      <Typography.Text type="secondary">({sizeText(submission.size)})</Typography.Text>
    </span>
  );
}

/** Who sent it and when: "Nguyễn Văn A gửi lúc 03/07/2025 09:00". */
export function sentBy(submission: ReportSubmission): string {
  return `${submission.submittedBy.name} gửi lúc ${formatDateTime(submission.submittedAt)}`;
}

/** The reports a later one replaced, folded: each kept and downloadable. */
export function EarlierReports(props: { periodId: number; earlier: ReportSubmission[] }) {
  const { periodId, earlier } = props;
  if (earlier.length === 0) return null;
  return (
    <details style={{ marginTop: 4, ...WRAP }}>
      <summary style={{ cursor: "pointer", color: "rgba(0, 0, 0, 0.68)" }}>
        {earlier.length === 1 ? "1 bản gửi trước" : `${earlier.length} bản gửi trước`} (đã được
        thay, vẫn lưu)
      </summary>
      <ul style={{ margin: "4px 0 0", paddingLeft: 20 }}>
        {earlier.map((s) => (
          <li key={s.id}>
            <FileLink periodId={periodId} submission={s} />
            <div>
              <Typography.Text type="secondary">
                {sentBy(s)}
                {s.daysLate > 0 ? ` (chậm ${s.daysLate} ngày)` : " (đúng hạn)"}
              </Typography.Text>
            </div>
          </li>
        ))}
      </ul>
    </details>
  );
}
