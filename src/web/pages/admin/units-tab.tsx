import { Alert, Button, Form, Input, Select, Space, Table } from "antd";
import { useState } from "react";
import { api } from "../../api.ts";
import { UNIT_KIND_LABELS, type Unit, useLevels, useUnits } from "./admin-data.ts";
import { FormModal, required } from "./form-modal.tsx";

/** Member units of every level: create one, rename one (with a reason). */
export function UnitsTab() {
  const units = useUnits();
  const levels = useLevels();
  const [levelId, setLevelId] = useState<number | null>(null);
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Unit | null>(null);
  const levelName = new Map((levels.data?.levels ?? []).map((l) => [l.id, l.name]));
  const levelOptions = (levels.data?.levels ?? []).map((l) => ({ value: l.id, label: l.name }));
  const needle = search.trim().toLocaleLowerCase("vi");
  const shown = (units.data?.units ?? []).filter(
    (u) =>
      (levelId === null || u.levelId === levelId) &&
      (!needle || `${u.code} ${u.name}`.toLocaleLowerCase("vi").includes(needle)),
  );
  return (
    <>
      {units.isError && <Alert type="error" showIcon title={units.error.message} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="Mọi cấp"
          aria-label="Lọc theo cấp"
          style={{ width: 220 }}
          value={levelId}
          onChange={(v) => setLevelId(v ?? null)}
          options={levelOptions}
        />
        <Input.Search
          placeholder="Tìm theo mã, tên"
          aria-label="Tìm đơn vị"
          allowClear
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
        />
        <Button type="primary" onClick={() => setCreating(true)}>
          Thêm đơn vị
        </Button>
      </Space>
      <Table<Unit>
        rowKey="id"
        size="small"
        loading={units.isPending}
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 760 }}
        columns={[
          { title: "Mã", dataIndex: "code", width: 200 },
          { title: "Tên đơn vị", dataIndex: "name" },
          {
            title: "Loại",
            dataIndex: "kind",
            width: 170,
            render: (k: string) => UNIT_KIND_LABELS[k] ?? k,
          },
          {
            title: "Cấp",
            dataIndex: "levelId",
            width: 170,
            render: (id: number) => levelName.get(id),
          },
          {
            title: "Thao tác",
            key: "actions",
            width: 110,
            render: (_, u) => (
              <Button size="small" onClick={() => setRenaming(u)}>
                Đổi tên
              </Button>
            ),
          },
        ]}
      />
      {creating && (
        <FormModal<{ levelId: number; code: string; name: string; kind: string }>
          title="Thêm đơn vị"
          okText="Thêm"
          done="Đã thêm đơn vị."
          initialValues={{ levelId: levelId ?? undefined }}
          submit={(v) => api("POST", "/api/units", v)}
          onClose={() => setCreating(false)}
        >
          <Form.Item
            name="levelId"
            label="Thuộc cấp"
            rules={[{ required: true, message: "Chọn cấp." }]}
          >
            <Select options={levelOptions} />
          </Form.Item>
          <Form.Item
            name="code"
            label="Mã đơn vị (chữ không dấu, số, dấu gạch)"
            rules={[
              ...required("Nhập mã đơn vị."),
              {
                pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/,
                message:
                  "Mã chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (tối đa 50 ký tự).",
              },
            ]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="name" label="Tên đơn vị" rules={required("Nhập tên đơn vị.")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="kind"
            label="Loại đơn vị"
            rules={[{ required: true, message: "Chọn loại đơn vị." }]}
          >
            <Select
              options={Object.entries(UNIT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </FormModal>
      )}
      {renaming && (
        <FormModal<{ name: string; reason?: string }>
          title={`Đổi tên đơn vị ${renaming.code}`}
          okText="Đổi tên"
          done="Đã đổi tên đơn vị."
          initialValues={{ name: renaming.name }}
          submit={(v) => api("PUT", `/api/units/${renaming.id}`, v)}
          onClose={() => setRenaming(null)}
        >
          <Form.Item name="name" label="Tên mới" rules={required("Nhập tên đơn vị.")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="reason" label="Lý do (ví dụ quyết định đổi tên, sáp nhập)">
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
