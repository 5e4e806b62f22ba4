import { Alert, Button, Form, Input, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api.ts";
import { UNIT_KIND_LABELS, type Unit, useLevels, useUnits } from "./admin-data.ts";
import { FormModal, required } from "./form-modal.tsx";

/** The head's fields of a unit's forms: the person who signs for it, and the title. */
function HeadFields() {
  return (
    <>
      <Form.Item
        name="headName"
        label="Họ và tên người đứng đầu (người ký văn bản của đơn vị)"
        extra="Đơn vị làm Cụm trưởng, Khối trưởng: người này ký các văn bản của Cụm, Khối. Để trống nếu chưa rõ: văn bản để dòng chấm cho tên."
      >
        <Input maxLength={200} placeholder="Ví dụ: Nguyễn Văn Hùng" />
      </Form.Item>
      <Form.Item name="headTitle" label="Chức vụ (như ghi ở chỗ ký)">
        <Input maxLength={200} placeholder="Ví dụ: Giám đốc, Chủ tịch" />
      </Form.Item>
    </>
  );
}

interface HeadValues {
  headName?: string;
  headTitle?: string;
}

/** The head's fields as the server takes them: blank is none recorded. */
const headOf = (v: HeadValues) => ({
  headName: v.headName?.trim() || null,
  headTitle: v.headTitle?.trim() || null,
});

/** Member units of every level: create one; rename one, record its head (with a reason). */
export function UnitsTab() {
  const units = useUnits();
  const levels = useLevels();
  const [levelId, setLevelId] = useState<number | null>(null);
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Unit | null>(null);
  const [heading, setHeading] = useState<Unit | null>(null);
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
        scroll={{ x: 1070 }}
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
            title: "Người đứng đầu",
            key: "head",
            width: 200,
            render: (_, u) =>
              u.headName ? (
                `${u.headTitle ? `${u.headTitle} ` : ""}${u.headName}`
              ) : (
                <Typography.Text type="secondary">Chưa ghi</Typography.Text>
              ),
          },
          {
            title: "Thao tác",
            key: "actions",
            width: 220,
            render: (_, u) => (
              <Space size="small">
                <Button size="small" onClick={() => setRenaming(u)}>
                  Đổi tên
                </Button>
                <Button size="small" onClick={() => setHeading(u)}>
                  Người đứng đầu
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {creating && (
        <FormModal<{ levelId: number; code: string; name: string; kind: string } & HeadValues>
          title="Thêm đơn vị"
          okText="Thêm"
          done="Đã thêm đơn vị."
          initialValues={{ levelId: levelId ?? undefined }}
          submit={(v) => api("POST", "/api/units", { ...v, ...headOf(v) })}
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
          <HeadFields />
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
      {heading && (
        <FormModal<{ reason?: string } & HeadValues>
          title={`Người đứng đầu ${heading.name}`}
          okText="Lưu"
          done="Đã ghi người đứng đầu đơn vị."
          initialValues={{ headName: heading.headName ?? "", headTitle: heading.headTitle ?? "" }}
          submit={(v) =>
            api("PUT", `/api/units/${heading.id}`, {
              name: heading.name,
              ...headOf(v),
              reason: v.reason,
            })
          }
          onClose={() => setHeading(null)}
        >
          <HeadFields />
          <Form.Item name="reason" label="Lý do (ví dụ quyết định bổ nhiệm)">
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
