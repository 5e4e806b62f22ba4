import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tooltip,
  Typography,
} from "antd";
import { useState } from "react";
import { api } from "../../api.ts";
import { ROLE_LABELS } from "../../format.ts";
import type { PeriodOverview } from "../period/period-data.ts";
import { useUnits } from "./admin-data.ts";

type Member = PeriodOverview["units"][number];

/** A period's member units: add, remove, and name the leader and deputy. */
export function PeriodMembersModal({
  periodId,
  title,
  onClose,
}: {
  periodId: number;
  title: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const period = useQuery({
    queryKey: ["period", periodId],
    queryFn: () => api<PeriodOverview>("GET", `/api/periods/${periodId}`),
  });
  const units = useUnits();
  const [adding, setAdding] = useState<number | null>(null);
  const [leadership] = Form.useForm<{
    leaderUnitId?: number;
    deputyUnitId?: number;
    reason?: string;
  }>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["period", periodId] });
  const change = useMutation({
    mutationFn: ({ method, url, body }: { method: string; url: string; body?: unknown }) =>
      api(method, url, body),
    onSuccess: async () => {
      setAdding(null);
      leadership.resetFields();
      await refresh();
    },
  });
  const members = period.data?.units ?? [];
  const memberOptions = members.map((m) => ({ value: m.id, label: m.name }));
  const others = (units.data?.units ?? [])
    .filter((u) => !members.some((m) => m.id === u.id))
    .map((u) => ({ value: u.id, label: u.name }));

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      footer={<Button onClick={onClose}>Đóng</Button>}
      width={760}
    >
      {period.isError && <Alert type="error" showIcon title={period.error.message} />}
      {change.isError && (
        <Alert type="error" showIcon title={change.error.message} style={{ marginBottom: 12 }} />
      )}
      <Table<Member>
        rowKey="id"
        size="small"
        loading={period.isPending}
        dataSource={members}
        pagination={false}
        scroll={{ x: 560 }}
        columns={[
          { title: "Đơn vị", dataIndex: "name" },
          {
            title: "Vai trò",
            dataIndex: "role",
            width: 120,
            render: (r: Member["role"]) => ROLE_LABELS[r],
          },
          { title: "Biểu chấm điểm", dataIndex: "statusLabel", width: 170 },
          {
            title: "Thao tác",
            key: "actions",
            width: 130,
            render: (_, m) => (
              <Popconfirm
                title={`Bỏ ${m.name} khỏi kỳ thi đua?`}
                okText="Bỏ khỏi kỳ"
                cancelText="Hủy"
                onConfirm={() =>
                  change.mutate({ method: "DELETE", url: `/api/periods/${periodId}/units/${m.id}` })
                }
              >
                <Button size="small" danger>
                  Bỏ khỏi kỳ
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <Select
          showSearch
          optionFilterProp="label"
          placeholder="Chọn đơn vị để thêm"
          aria-label="Đơn vị thêm vào kỳ thi đua"
          style={{ width: 320 }}
          value={adding}
          onChange={setAdding}
          options={others}
        />
        <Tooltip title={adding === null ? "Chọn đơn vị trước." : undefined}>
          <Button
            disabled={adding === null}
            loading={change.isPending}
            onClick={() =>
              change.mutate({
                method: "POST",
                url: `/api/periods/${periodId}/units`,
                body: { unitId: adding },
              })
            }
          >
            Thêm đơn vị
          </Button>
        </Tooltip>
      </Space>
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 20 }}>
        Chỉ định Cụm trưởng, Cụm phó
      </Typography.Title>
      <Form
        form={leadership}
        layout="vertical"
        onFinish={(v) =>
          change.mutate({ method: "POST", url: `/api/periods/${periodId}/leadership`, body: v })
        }
      >
        <Space wrap align="start">
          <Form.Item name="leaderUnitId" label="Cụm trưởng">
            <Select
              allowClear
              style={{ width: 300 }}
              options={memberOptions}
              placeholder="Giữ nguyên"
            />
          </Form.Item>
          <Form.Item name="deputyUnitId" label="Cụm phó">
            <Select
              allowClear
              style={{ width: 300 }}
              options={memberOptions}
              placeholder="Giữ nguyên"
            />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label="Căn cứ (ví dụ cuộc họp, kết quả bầu)">
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          Chỉ định
        </Button>
      </Form>
    </Modal>
  );
}
