import { useQuery } from "@tanstack/react-query";
import { DatePicker, Form, Input, Radio, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { PRESETS } from "../../../core/presets/index.ts";
import { api } from "../../api.ts";
import { type Cluster, PERIOD_KIND_LABELS, useUnits } from "./admin-data.ts";
import { FormModal, required } from "./form-modal.tsx";

interface Values {
  clusterId: number;
  label: string;
  kind: "calendar" | "school";
  startsOn: Dayjs;
  endsOn: Dayjs;
  source: "preset" | "framework";
  schemeId?: string;
  frameworkId?: number;
  unitIds: number[];
  leaderUnitId: number;
  deputyUnitId?: number;
}

/** Frameworks a cluster of the level may start from. */
function useFrameworks(levelId: number | undefined) {
  return useQuery({
    queryKey: ["level", levelId, "frameworks"],
    queryFn: () =>
      api<{ frameworks: { id: number; name: string; levelName: string }[] }>(
        "GET",
        `/api/levels/${levelId}/frameworks`,
      ),
    enabled: levelId !== undefined,
  });
}

/** A new period of a cluster: dates, the preset or framework, member units and leadership. */
export function CreatePeriodModal({
  clusters,
  onClose,
}: {
  clusters: Cluster[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const units = useUnits();
  const clusterId = Form.useWatch("clusterId", form);
  const source = Form.useWatch("source", form) ?? "preset";
  const chosen = Form.useWatch("unitIds", form) ?? [];
  const cluster = clusters.find((c) => c.id === clusterId);
  const frameworks = useFrameworks(cluster?.levelId);
  const unitOptions = (units.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }));
  const chosenOptions = unitOptions.filter((o) => chosen.includes(o.value));
  const roleOf = (v: Values, id: number) =>
    id === v.leaderUnitId ? "leader" : id === v.deputyUnitId ? "deputy" : "member";

  return (
    <FormModal<Values>
      form={form}
      width={680}
      title="Tạo kỳ thi đua"
      okText="Tạo kỳ thi đua"
      done="Đã tạo kỳ thi đua."
      initialValues={{ kind: "calendar", source: "preset", unitIds: [] }}
      submit={(v) =>
        api("POST", `/api/clusters/${v.clusterId}/periods`, {
          label: v.label,
          kind: v.kind,
          startsOn: v.startsOn.format("YYYY-MM-DD"),
          endsOn: v.endsOn.format("YYYY-MM-DD"),
          ...(v.source === "preset" ? { schemeId: v.schemeId } : { frameworkId: v.frameworkId }),
          units: v.unitIds.map((unitId) => ({ unitId, role: roleOf(v, unitId) })),
        })
      }
      onClose={onClose}
    >
      <Form.Item
        name="clusterId"
        label="Cụm, Khối thi đua"
        rules={[{ required: true, message: "Chọn Cụm, Khối thi đua." }]}
      >
        <Select options={clusters.map((c) => ({ value: c.id, label: c.name }))} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item
          name="label"
          label="Tên kỳ (ví dụ 2026)"
          rules={required("Nhập tên kỳ thi đua.")}
        >
          <Input maxLength={50} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="kind" label="Loại kỳ">
          <Select
            style={{ width: 170 }}
            options={Object.entries(PERIOD_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item
          name="startsOn"
          label="Từ ngày"
          rules={[{ required: true, message: "Chọn ngày bắt đầu." }]}
        >
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label="Đến ngày"
          rules={[{ required: true, message: "Chọn ngày kết thúc." }]}
        >
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
      </Space>
      <Form.Item name="source" label="Bộ tiêu chí bắt đầu từ">
        <Radio.Group
          options={[
            { value: "preset", label: "Bộ tiêu chí mẫu" },
            { value: "framework", label: "Khung tiêu chí của cấp" },
          ]}
        />
      </Form.Item>
      {source === "preset" ? (
        <Form.Item
          name="schemeId"
          label="Bộ tiêu chí mẫu"
          rules={[{ required: true, message: "Chọn bộ tiêu chí mẫu." }]}
        >
          <Select options={PRESETS.map((p) => ({ value: p.id, label: p.title }))} />
        </Form.Item>
      ) : (
        <Form.Item
          name="frameworkId"
          label="Khung tiêu chí"
          rules={[{ required: true, message: "Chọn khung tiêu chí." }]}
          extra={cluster ? undefined : "Chọn Cụm trước để thấy các khung tiêu chí của cấp."}
        >
          <Select
            notFoundContent="Cấp này chưa ban hành khung tiêu chí."
            options={(frameworks.data?.frameworks ?? []).map((f) => ({
              value: f.id,
              label: `${f.name} (${f.levelName})`,
            }))}
          />
        </Form.Item>
      )}
      <Form.Item
        name="unitIds"
        label="Đơn vị thành viên"
        rules={[{ required: true, type: "array", min: 1, message: "Chọn ít nhất một đơn vị." }]}
      >
        <Select mode="multiple" showSearch optionFilterProp="label" options={unitOptions} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item
          name="leaderUnitId"
          label="Cụm trưởng"
          rules={[{ required: true, message: "Chọn Cụm trưởng." }]}
        >
          <Select style={{ width: 280 }} options={chosenOptions} />
        </Form.Item>
        <Form.Item name="deputyUnitId" label="Cụm phó (nếu có)">
          <Select style={{ width: 280 }} allowClear options={chosenOptions} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}
