import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Checkbox, Input, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { hasQuorum, quorum } from "../../../core/workflow.ts";
import { api } from "../../api.ts";
import { useClusterWords, usePeriodId } from "../period/period-data.ts";
import type { Attendance, MeetingDetail } from "./meetings-data.ts";
import { OK_TAG } from "./readable-theme.tsx";

type Row = Attendance["units"][number];
type Draft = Record<number, { present: boolean; delegate: string }>;

function draftOf(attendance: Attendance): Draft {
  return Object.fromEntries(
    attendance.units.map((u) => [
      u.unitId,
      { present: u.present === true, delegate: u.delegate ?? "" },
    ]),
  );
}

/** The quorum at a glance: present/members, the minimum ceil(2n/3), met or not. */
export function QuorumLine({ present, members }: { present: number; members: number }) {
  const met = hasQuorum(present, members);
  return (
    <Space wrap>
      <Typography.Text strong>
        Có mặt {present}/{members} đơn vị
      </Typography.Text>
      <Typography.Text type="secondary">(tối thiểu 2/3: {quorum(members)} đơn vị)</Typography.Text>
      {met ? (
        <Tag color={OK_TAG}>Đủ số thành viên dự họp</Tag>
      ) : (
        <Tag color="red">Chưa đủ số thành viên dự họp</Tag>
      )}
    </Space>
  );
}

/** Attendance of the member units: the leadership records it; everyone sees it and the quorum. */
export function AttendanceCard({
  meeting,
  leadership,
}: {
  meeting: MeetingDetail;
  leadership: boolean;
}) {
  const periodId = usePeriodId();
  const w = useClusterWords();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft | null>(null);
  const rows = draft ?? draftOf(meeting.attendance);
  const present = Object.values(rows).filter((r) => r.present).length;
  const save = useMutation({
    mutationFn: () =>
      api<Attendance>("PUT", `/api/periods/${periodId}/meetings/${meeting.id}/attendance`, {
        units: Object.entries(rows).map(([unitId, r]) => ({
          unitId: Number(unitId),
          present: r.present,
          delegate: r.delegate.trim() || null,
        })),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({
        queryKey: ["period", periodId, "meetings", meeting.id],
      });
      setDraft(null);
    },
  });
  const change = (unitId: number, patch: Partial<Draft[number]>) =>
    setDraft({
      ...rows,
      [unitId]: { ...(rows[unitId] ?? { present: false, delegate: "" }), ...patch },
    });

  return (
    <Card
      title={
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          Điểm danh
        </Typography.Title>
      }
    >
      <div style={{ marginBottom: 12 }}>
        <QuorumLine present={present} members={meeting.attendance.members} />
        {draft && <Typography.Text type="warning"> Chưa lưu.</Typography.Text>}
      </div>
      <Table<Row>
        rowKey="unitId"
        size="small"
        pagination={false}
        dataSource={meeting.attendance.units}
        scroll={leadership ? { x: 480 } : undefined}
        columns={[
          { title: "Đơn vị", dataIndex: "name" },
          {
            title: "Có mặt",
            key: "present",
            width: 90,
            render: (_, u) =>
              leadership ? (
                <Checkbox
                  checked={rows[u.unitId]?.present ?? false}
                  onChange={(e) => change(u.unitId, { present: e.target.checked })}
                  aria-label={`${u.name} có mặt`}
                />
              ) : u.present === null ? (
                <Tag>Chưa điểm danh</Tag>
              ) : u.present ? (
                <Tag color={OK_TAG}>Có mặt</Tag>
              ) : (
                <Tag color="red">Vắng</Tag>
              ),
          },
          {
            title: "Đại biểu dự họp",
            key: "delegate",
            width: 200,
            render: (_, u) =>
              leadership ? (
                <Input
                  size="small"
                  value={rows[u.unitId]?.delegate ?? ""}
                  maxLength={200}
                  onChange={(e) => change(u.unitId, { delegate: e.target.value })}
                  aria-label={`Đại biểu dự họp của ${u.name}`}
                />
              ) : (
                u.delegate
              ),
          },
        ]}
      />
      {save.isError && (
        <Alert type="error" showIcon title={save.error.message} style={{ marginTop: 12 }} />
      )}
      <Tooltip title={leadership ? undefined : w("Chỉ Cụm trưởng, Cụm phó được điểm danh.")}>
        <Button
          type="primary"
          style={{ marginTop: 12 }}
          disabled={!leadership}
          loading={save.isPending}
          onClick={() => save.mutate()}
        >
          Lưu điểm danh
        </Button>
      </Tooltip>
    </Card>
  );
}
