import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Checkbox, Input, Space, Tooltip, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api.ts";
import { formatDateTime } from "../../format.ts";
import { useClusterWords, usePeriodId } from "../period/period-data.ts";
import type { Meeting, MeetingDetail } from "./meetings-data.ts";

/** The minutes (biên bản) and whether the meeting was held; written by the leadership. */
export function MinutesCard({
  meeting,
  leadership,
}: {
  meeting: MeetingDetail;
  leadership: boolean;
}) {
  const periodId = usePeriodId();
  const w = useClusterWords();
  const queryClient = useQueryClient();
  const [minutes, setMinutes] = useState<string | null>(null);
  const [held, setHeld] = useState<boolean | null>(null);
  const text = minutes ?? meeting.minutes;
  const isHeld = held ?? meeting.heldAt !== null;
  const save = useMutation({
    mutationFn: () =>
      api<Meeting>("PUT", `/api/periods/${periodId}/meetings/${meeting.id}/minutes`, {
        minutes: text,
        held: isHeld,
        version: meeting.version,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["period", periodId, "meetings"] });
      setMinutes(null);
      setHeld(null);
    },
  });
  const dirty = minutes !== null || held !== null;

  return (
    <Card
      title={
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          Biên bản cuộc họp
        </Typography.Title>
      }
    >
      {meeting.heldAt && (
        <Typography.Paragraph>
          Đã họp, ghi nhận lúc {formatDateTime(meeting.heldAt)}.
        </Typography.Paragraph>
      )}
      {leadership ? (
        <>
          <label htmlFor="meeting-minutes" style={{ display: "block", marginBottom: 4 }}>
            Nội dung biên bản
          </label>
          <Input.TextArea
            id="meeting-minutes"
            value={text}
            onChange={(e) => setMinutes(e.target.value)}
            autoSize={{ minRows: 5, maxRows: 20 }}
            maxLength={200000}
          />
          <Space wrap style={{ marginTop: 12 }}>
            <Checkbox checked={isHeld} onChange={(e) => setHeld(e.target.checked)}>
              Cuộc họp đã diễn ra
            </Checkbox>
            <Tooltip title={dirty ? undefined : "Chưa có thay đổi nào để lưu."}>
              <Button
                type="primary"
                loading={save.isPending}
                disabled={!dirty}
                onClick={() => save.mutate()}
              >
                Lưu biên bản
              </Button>
            </Tooltip>
          </Space>
          {save.isError && (
            <Alert type="error" showIcon title={save.error.message} style={{ marginTop: 12 }} />
          )}
        </>
      ) : (
        <>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>
            {meeting.minutes || "Chưa có biên bản."}
          </Typography.Paragraph>
          <Tooltip title={w("Chỉ Cụm trưởng, Cụm phó ghi biên bản cuộc họp.")}>
            <Button disabled>Lưu biên bản</Button>
          </Tooltip>
        </>
      )}
    </Card>
  );
}
