import { Alert, Card, Col, Descriptions, Row, Spin, Tag, Typography } from "antd";
import { Link } from "react-router";
import { DownloadButton } from "../../files.tsx";
import { formatDateTime } from "../../format.ts";
import { usePeriod, usePeriodId } from "../period/period-data.ts";
import { AttendanceCard } from "./attendance-card.tsx";
import { BallotsCard } from "./ballots-card.tsx";
import { DecisionsCard } from "./decisions-card.tsx";
import { MEETING_KIND_LABELS, useMeeting } from "./meetings-data.ts";
import { MinutesCard } from "./minutes-card.tsx";
import { OK_TAG } from "./readable-theme.tsx";

/** One meeting: what it is, attendance and quorum, decisions, minutes, secret ballots. */
export function MeetingDetailView({ meetingId }: { meetingId: number }) {
  const periodId = usePeriodId();
  const period = usePeriod();
  const meeting = useMeeting(periodId, meetingId);
  if (meeting.isError) return <Alert type="error" showIcon title={meeting.error.message} />;
  if (meeting.isPending || !period.data) return <Spin />;
  const m = meeting.data;
  const leadership = period.data.you.leadership;
  return (
    <>
      <Link to={`/ky/${periodId}/hop`}>← Danh sách cuộc họp</Link>
      <Typography.Title level={2} style={{ fontSize: 18, margin: "8px 0" }}>
        {m.title}{" "}
        {m.title !== MEETING_KIND_LABELS[m.kind] && <Tag>{MEETING_KIND_LABELS[m.kind]}</Tag>}
        {m.heldAt ? <Tag color={OK_TAG}>Đã họp</Tag> : <Tag color="blue">Chưa họp</Tag>}
      </Typography.Title>
      <Card
        style={{ marginBottom: 16 }}
        extra={
          <DownloadButton href={`/api/periods/${periodId}/meetings/${m.id}/minutes.docx`}>
            Biên bản (Word)
          </DownloadButton>
        }
      >
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "at", label: "Thời gian", children: formatDateTime(m.scheduledAt) },
            { key: "place", label: "Địa điểm", children: m.place },
            {
              key: "invited",
              label: "Đại biểu mời",
              span: "filled",
              children:
                m.invited.length === 0
                  ? "Không có"
                  : m.invited.map((d) => `${d.name} (${d.role})`).join("; "),
            },
            {
              key: "agenda",
              label: "Nội dung",
              span: "filled",
              children: (
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
                  {m.agenda || "Chưa có nội dung."}
                </Typography.Paragraph>
              ),
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <AttendanceCard meeting={m} leadership={leadership} />
        </Col>
        <Col xs={24} xl={12}>
          <DecisionsCard meeting={m} leadership={leadership} />
        </Col>
        <Col xs={24}>
          <BallotsCard meeting={m} leadership={leadership} units={period.data.units} />
        </Col>
        <Col xs={24}>
          <MinutesCard meeting={m} leadership={leadership} />
        </Col>
      </Row>
    </>
  );
}
