import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Space,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useState } from "react";
import { api } from "../../api.ts";
import { formatDateTime } from "../../format.ts";
import { useClusterWords, usePeriodId } from "../period/period-data.ts";
import type { Decision, MeetingDetail } from "./meetings-data.ts";
import { OK_TAG } from "./readable-theme.tsx";

interface Values {
  text: string;
  votesFor: number;
  votesAgainst: number;
  escalated?: boolean;
}

const VOTES_RULES = [
  { required: true, message: "Nhập số phiếu bằng chữ số (ví dụ 4)." },
  { type: "integer" as const, min: 0, message: "Số phiếu là số nguyên, không âm." },
];

/** The wording and the counts of a decision: counts are typed as digits, never words. */
function DecisionFields({ reason }: { reason: boolean }) {
  const w = useClusterWords();
  return (
    <>
      <Form.Item
        name="text"
        label="Nội dung quyết định"
        rules={[{ required: true, whitespace: true, message: "Nhập nội dung quyết định." }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="votesFor" label="Số phiếu tán thành" rules={VOTES_RULES}>
          <InputNumber min={0} max={10000} precision={0} />
        </Form.Item>
        <Form.Item name="votesAgainst" label="Số phiếu không tán thành" rules={VOTES_RULES}>
          <InputNumber min={0} max={10000} precision={0} />
        </Form.Item>
      </Space>
      <Form.Item name="escalated" valuePropName="checked">
        <Checkbox>
          {w("Cụm không thống nhất được: báo cáo Hội đồng Thi đua - Khen thưởng")}
        </Checkbox>
      </Form.Item>
      {reason && (
        <Form.Item
          name="reason"
          label="Lý do sửa"
          rules={[{ required: true, whitespace: true, message: "Ghi lý do sửa quyết định." }]}
        >
          <Input maxLength={2000} />
        </Form.Item>
      )}
    </>
  );
}

/** Correct a decision recorded with a mistake, with a reason, until the minutes are final. */
function CorrectDecision({ meeting, decision }: { meeting: MeetingDetail; decision: Decision }) {
  const periodId = usePeriodId();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values & { reason: string }>();
  const correct = useMutation({
    mutationFn: (v: Values & { reason: string }) =>
      api<Decision>(
        "PUT",
        `/api/periods/${periodId}/meetings/${meeting.id}/decisions/${decision.id}`,
        { ...v, escalated: Boolean(v.escalated) },
      ),
    onSuccess: async () => {
      setOpen(false);
      await queryClient.invalidateQueries({
        queryKey: ["period", periodId, "meetings", meeting.id],
      });
    },
  });
  const final = meeting.heldAt !== null;
  return (
    <>
      <Tooltip
        title={
          final
            ? `Biên bản đã hoàn tất lúc ${formatDateTime(meeting.heldAt as string)}: không sửa quyết định được nữa.`
            : undefined
        }
      >
        <Button size="small" disabled={final} onClick={() => setOpen(true)}>
          Sửa
        </Button>
      </Tooltip>
      <Modal
        open={open}
        title="Sửa quyết định ghi nhầm"
        okText="Lưu quyết định đã sửa"
        cancelText="Hủy"
        confirmLoading={correct.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<Values & { reason: string }>
          form={form}
          layout="vertical"
          initialValues={{
            text: decision.text,
            votesFor: decision.votesFor,
            votesAgainst: decision.votesAgainst,
            escalated: decision.escalated,
          }}
          onFinish={(v) => correct.mutate(v)}
        >
          <DecisionFields reason />
          {correct.isError && <Alert type="error" showIcon title={correct.error.message} />}
        </Form>
      </Modal>
    </>
  );
}

/** Decisions by majority of the units present; the server refuses them without quorum. */
export function DecisionsCard({
  meeting,
  leadership,
}: {
  meeting: MeetingDetail;
  leadership: boolean;
}) {
  const periodId = usePeriodId();
  const w = useClusterWords();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const record = useMutation({
    mutationFn: (v: Values) =>
      api<Decision>("POST", `/api/periods/${periodId}/meetings/${meeting.id}/decisions`, {
        ...v,
        escalated: Boolean(v.escalated),
      }),
    onSuccess: async () => {
      form.resetFields();
      await queryClient.invalidateQueries({
        queryKey: ["period", periodId, "meetings", meeting.id],
      });
    },
  });

  return (
    <Card
      title={
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          Quyết định, biểu quyết
        </Typography.Title>
      }
    >
      <List
        dataSource={meeting.decisions}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có quyết định nào." />
          ),
        }}
        renderItem={(d) => (
          <List.Item
            actions={
              leadership ? [<CorrectDecision key="sua" meeting={meeting} decision={d} />] : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <span style={{ whiteSpace: "pre-wrap" }}>{d.text}</span>
                  {d.passed ? (
                    <Tag color={OK_TAG}>Thông qua</Tag>
                  ) : (
                    <Tag color="red">Không thông qua</Tag>
                  )}
                  {d.escalated && <Tag color="purple">Chuyển Hội đồng TĐKT</Tag>}
                </Space>
              }
              description={`Tán thành ${d.votesFor}, không tán thành ${d.votesAgainst} trên ${d.present} đơn vị có mặt — ${formatDateTime(d.decidedAt)}`}
            />
          </List.Item>
        )}
      />
      {leadership && (
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => record.mutate(v)}
          style={{ marginTop: 12 }}
        >
          <DecisionFields reason={false} />
          {record.isError && (
            <Alert
              type="error"
              showIcon
              title={record.error.message}
              style={{ marginBottom: 12 }}
            />
          )}
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            Ghi quyết định
          </Button>
        </Form>
      )}
      {!leadership && (
        <Tooltip title={w("Chỉ Cụm trưởng, Cụm phó ghi quyết định của cuộc họp.")}>
          <Button disabled style={{ marginTop: 12 }}>
            Ghi quyết định
          </Button>
        </Tooltip>
      )}
    </Card>
  );
}
