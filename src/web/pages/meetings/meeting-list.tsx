import { Alert, Button, Card, Col, Empty, List, Row, Table, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { formatDateTime } from "../../format.ts";
import { useClusterWords, usePeriod, usePeriodId } from "../period/period-data.ts";
import {
  MEETING_KIND_LABELS,
  type Meeting,
  PURPOSE_LABELS,
  useElections,
  useMeetings,
} from "./meetings-data.ts";
import { OK_TAG, WARN_TAG } from "./readable-theme.tsx";
import { ScheduleMeetingModal } from "./schedule-meeting-modal.tsx";

function MeetingStatus({ meeting }: { meeting: Meeting }) {
  if (meeting.heldAt) return <Tag color={OK_TAG}>Đã họp</Tag>;
  if (new Date(meeting.scheduledAt) < new Date())
    return <Tag color={WARN_TAG}>Chưa ghi biên bản</Tag>;
  return <Tag color="blue">Sắp họp</Tag>;
}

/** The period's meetings, scheduling a new one, and next year's elected leader and deputy. */
export function MeetingList() {
  const periodId = usePeriodId();
  const period = usePeriod();
  const w = useClusterWords();
  const meetings = useMeetings(periodId);
  const elections = useElections(periodId);
  const [scheduling, setScheduling] = useState(false);
  const you = period.data?.you;
  const canSchedule = Boolean(you?.leadership || you?.standing);
  const base = `/ky/${periodId}/hop`;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={17}>
        <Card
          title={
            <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
              {w("Cuộc họp của Cụm")}
            </Typography.Title>
          }
          extra={
            <Tooltip
              title={
                canSchedule
                  ? undefined
                  : w("Chỉ Cụm trưởng, Cụm phó hoặc cơ quan thường trực được lên lịch họp Cụm.")
              }
            >
              <Button type="primary" disabled={!canSchedule} onClick={() => setScheduling(true)}>
                Lên lịch cuộc họp
              </Button>
            </Tooltip>
          }
        >
          {meetings.isError && <Alert type="error" showIcon title={meetings.error.message} />}
          <Table<Meeting>
            rowKey="id"
            size="middle"
            loading={meetings.isPending}
            dataSource={meetings.data?.meetings ?? []}
            pagination={false}
            scroll={meetings.data?.meetings.length ? { x: 760 } : undefined}
            locale={{ emptyText: <Empty description="Chưa có cuộc họp nào được lên lịch." /> }}
            columns={[
              {
                title: "Thời gian",
                dataIndex: "scheduledAt",
                width: 150,
                render: (v: string) => formatDateTime(v),
              },
              {
                title: "Cuộc họp",
                dataIndex: "title",
                render: (title: string, m) => (
                  <>
                    <Link to={`${base}/${m.id}`}>{title}</Link>
                    {title !== MEETING_KIND_LABELS[m.kind] && (
                      <>
                        <br />
                        <Typography.Text type="secondary">
                          {MEETING_KIND_LABELS[m.kind]}
                        </Typography.Text>
                      </>
                    )}
                  </>
                ),
              },
              { title: "Địa điểm", dataIndex: "place", width: 220 },
              {
                title: "Trạng thái",
                key: "status",
                width: 150,
                render: (_, m) => <MeetingStatus meeting={m} />,
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Card
          title={
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {w("Cụm trưởng, Cụm phó năm sau")}
            </Typography.Title>
          }
          loading={elections.isPending}
        >
          {elections.isError && <Alert type="error" showIcon title={elections.error.message} />}
          <List
            dataSource={elections.data?.elections ?? []}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={w("Chưa bầu Cụm trưởng, Cụm phó cho năm sau.")}
                />
              ),
            }}
            renderItem={(e) => (
              <List.Item>
                <List.Item.Meta
                  title={`${w(e.purpose === "leader" ? "Cụm trưởng" : "Cụm phó")}: ${e.name}`}
                  description={
                    <>
                      {w(PURPOSE_LABELS[e.purpose])} lúc {formatDateTime(e.electedAt)} —{" "}
                      <Link to={`${base}/${e.meetingId}`} style={{ textDecoration: "underline" }}>
                        xem cuộc họp
                      </Link>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
      {scheduling && <ScheduleMeetingModal onClose={() => setScheduling(false)} />}
    </Row>
  );
}
