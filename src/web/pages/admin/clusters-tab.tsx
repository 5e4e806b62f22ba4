import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Form, Input, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api.ts";
import { DownloadButton, ImportButton } from "../../files.tsx";
import {
  CLUSTER_KIND_LABELS,
  type Cluster,
  type CouncilMember,
  MEMBER_KIND_LABELS,
  ORGANISATION_KEYS,
  useAccounts,
  useClusters,
  useCouncilMembers,
  useLevels,
} from "./admin-data.ts";
import { FormModal, required } from "./form-modal.tsx";

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

/** Clusters and blocks with the council members monitoring them; the council members. */
export function ClustersTab() {
  const clusters = useClusters();
  const levels = useLevels();
  const council = useCouncilMembers();
  const accounts = useAccounts();
  const [creating, setCreating] = useState(false);
  const [addingMember, setAddingMember] = useState(false);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [monitoring, setMonitoring] = useState<Cluster | null>(null);
  const levelOptions = (levels.data?.levels ?? []).map((l) => ({ value: l.id, label: l.name }));
  const levelName = new Map(levelOptions.map((l) => [l.value, l.label]));

  return (
    <>
      {clusters.isError && <Alert type="error" showIcon title={clusters.error.message} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          Cụm, Khối thi đua
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          Thêm Cụm, Khối thi đua
        </Button>
      </Space>
      <Table<Cluster>
        rowKey="id"
        size="small"
        loading={clusters.isPending}
        dataSource={clusters.data?.clusters ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          {
            title: "Tên",
            dataIndex: "name",
            render: (name: string, c) => (
              <>
                {name}
                <br />
                <Typography.Text type="secondary">
                  {CLUSTER_KIND_LABELS[c.kind]} — {MEMBER_KIND_LABELS[c.memberKind]}
                </Typography.Text>
              </>
            ),
          },
          {
            title: "Cấp",
            dataIndex: "levelId",
            width: 150,
            render: (id: number) => levelName.get(id),
          },
          {
            title: "Thành viên Hội đồng theo dõi",
            key: "monitors",
            width: 240,
            render: (_, c) =>
              c.monitors.length === 0 ? "Chưa phân công" : c.monitors.map((m) => m.name).join("; "),
          },
          {
            title: "Kỳ thi đua",
            key: "periods",
            width: 140,
            render: (_, c) =>
              c.periods.length === 0
                ? "Chưa có"
                : c.periods.map((p) => (
                    <div key={p.id}>
                      <Link to={`/ky/${p.id}`}>Năm {p.label}</Link>
                    </div>
                  )),
          },
          {
            title: "Thao tác",
            key: "actions",
            width: 200,
            render: (_, c) => (
              <Space orientation="vertical" size={4}>
                <Button size="small" onClick={() => setMonitoring(c)}>
                  Phân công theo dõi
                </Button>
                <ImportButton<{ created: number; units: unknown[] }>
                  url={`/api/clusters/${c.id}/units-import`}
                  onDone={async (a) => {
                    message.success(
                      `Đã nhập ${a.units.length} đơn vị của ${c.name}: ${a.created} đơn vị mới.`,
                    );
                    for (const key of ORGANISATION_KEYS)
                      await queryClient.invalidateQueries({ queryKey: key });
                  }}
                >
                  Nhập đơn vị (Excel)
                </ImportButton>
                <DownloadButton href={`/api/clusters/${c.id}/documents/units.xlsx`}>
                  Mẫu danh sách đơn vị
                </DownloadButton>
              </Space>
            ),
          },
        ]}
      />
      <Space wrap style={{ margin: "24px 0 12px" }}>
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          Thành viên Hội đồng Thi đua - Khen thưởng
        </Typography.Title>
        <Button onClick={() => setAddingMember(true)}>Thêm thành viên Hội đồng</Button>
      </Space>
      <Table<CouncilMember>
        rowKey="id"
        size="small"
        loading={council.isPending}
        dataSource={council.data?.councilMembers ?? []}
        pagination={false}
        columns={[
          { title: "Họ và tên", dataIndex: "name", width: 200 },
          { title: "Chức vụ", dataIndex: "title" },
          {
            title: "Cấp",
            dataIndex: "levelId",
            width: 160,
            render: (id: number) => levelName.get(id),
          },
          {
            title: "Tài khoản",
            dataIndex: "userId",
            width: 160,
            render: (id: number | null) =>
              id === null ? "Chưa gắn" : accounts.data?.users.find((u) => u.id === id)?.username,
          },
        ]}
      />
      {creating && (
        <FormModal<Pick<Cluster, "levelId" | "name" | "kind" | "memberKind">>
          title="Thêm Cụm, Khối thi đua"
          okText="Thêm"
          done="Đã thêm Cụm, Khối thi đua."
          initialValues={{ kind: "cluster", memberKind: "other" }}
          submit={(v) => api("POST", "/api/clusters", v)}
          onClose={() => setCreating(false)}
        >
          <Form.Item
            name="levelId"
            label="Thuộc cấp"
            rules={[{ required: true, message: "Chọn cấp." }]}
          >
            <Select options={levelOptions} />
          </Form.Item>
          <Form.Item name="name" label="Tên" rules={required("Nhập tên Cụm, Khối thi đua.")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="kind" label="Loại">
            <Select options={options(CLUSTER_KIND_LABELS)} />
          </Form.Item>
          <Form.Item name="memberKind" label="Đơn vị thành viên là">
            <Select options={options(MEMBER_KIND_LABELS)} />
          </Form.Item>
        </FormModal>
      )}
      {monitoring && (
        <FormModal<{ councilMemberId: number }>
          title={`Phân công theo dõi: ${monitoring.name}`}
          okText="Phân công"
          done="Đã phân công thành viên Hội đồng theo dõi."
          submit={(v) => api("POST", `/api/clusters/${monitoring.id}/monitors`, v)}
          onClose={() => setMonitoring(null)}
        >
          <Form.Item
            name="councilMemberId"
            label="Thành viên Hội đồng"
            rules={[{ required: true, message: "Chọn thành viên Hội đồng." }]}
          >
            <Select
              options={(council.data?.councilMembers ?? []).map((m) => ({
                value: m.id,
                label: `${m.name} — ${m.title}`,
              }))}
            />
          </Form.Item>
        </FormModal>
      )}
      {addingMember && (
        <FormModal<Omit<CouncilMember, "id" | "userId"> & { userId?: number }>
          title="Thêm thành viên Hội đồng"
          okText="Thêm"
          done="Đã thêm thành viên Hội đồng."
          submit={(v) => api("POST", "/api/council-members", { ...v, userId: v.userId ?? null })}
          onClose={() => setAddingMember(false)}
        >
          <Form.Item
            name="levelId"
            label="Hội đồng của cấp"
            rules={[{ required: true, message: "Chọn cấp." }]}
          >
            <Select options={levelOptions} />
          </Form.Item>
          <Form.Item name="name" label="Họ và tên" rules={required("Nhập họ và tên.")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="title" label="Chức vụ" rules={required("Nhập chức vụ.")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="userId" label="Tài khoản đăng nhập (vai trò Thành viên Hội đồng)">
            <Select
              allowClear
              placeholder="Không gắn tài khoản"
              options={(accounts.data?.users ?? [])
                .filter((u) => u.role === "council")
                .map((u) => ({ value: u.id, label: `${u.username} — ${u.displayName}` }))}
            />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
