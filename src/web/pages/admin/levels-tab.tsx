import { Alert, Button, Form, Input, Select, Tree, Typography } from "antd";
import type { DataNode } from "antd/es/tree";
import { useState } from "react";
import { api } from "../../api.ts";
import {
  CLUSTER_KIND_LABELS,
  LEVEL_KIND_LABELS,
  type LevelKind,
  type LevelNode,
  useLevels,
  useOrganisation,
} from "./admin-data.ts";
import { FormModal, required } from "./form-modal.tsx";

function toTree(level: LevelNode): DataNode {
  return {
    key: `level-${level.id}`,
    title: (
      <span>
        <strong>{level.name}</strong> ({LEVEL_KIND_LABELS[level.kind]}) — cơ quan thường trực:{" "}
        {level.standingAgency}
      </span>
    ),
    children: [
      ...level.children.map(toTree),
      ...level.clusters.map((c) => ({
        key: `cluster-${c.id}`,
        isLeaf: true,
        title: `${c.name} (${CLUSTER_KIND_LABELS[c.kind]}, ${c.periods.length} kỳ thi đua)`,
      })),
    ],
  };
}

interface Values {
  parentId?: number;
  name: string;
  kind: LevelKind;
  standingAgency: string;
}

/** Administrative levels (province → district → commune) with their clusters, as a tree. */
export function LevelsTab() {
  const organisation = useOrganisation();
  const levels = useLevels();
  const [creating, setCreating] = useState(false);
  if (organisation.isError)
    return <Alert type="error" showIcon title={organisation.error.message} />;
  return (
    <>
      <Typography.Paragraph>
        Các cấp hành chính, cơ quan thường trực Hội đồng Thi đua - Khen thưởng của mỗi cấp và các
        Cụm, Khối thi đua thuộc cấp.
      </Typography.Paragraph>
      <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
        Thêm cấp hành chính
      </Button>
      {organisation.data && (
        <Tree
          key={organisation.dataUpdatedAt}
          treeData={organisation.data.levels.map(toTree)}
          defaultExpandAll
          selectable={false}
          blockNode
        />
      )}
      {creating && (
        <FormModal<Values>
          title="Thêm cấp hành chính"
          okText="Thêm"
          done="Đã thêm cấp hành chính."
          initialValues={{ kind: "district" }}
          submit={(v) => api("POST", "/api/levels", { ...v, parentId: v.parentId ?? null })}
          onClose={() => setCreating(false)}
        >
          <Form.Item name="parentId" label="Thuộc cấp">
            <Select
              allowClear
              placeholder="Không thuộc cấp nào (cấp tỉnh, thành phố)"
              options={(levels.data?.levels ?? []).map((l) => ({ value: l.id, label: l.name }))}
            />
          </Form.Item>
          <Form.Item name="name" label="Tên" rules={required("Nhập tên cấp hành chính.")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="kind" label="Loại">
            <Select
              options={Object.entries(LEVEL_KIND_LABELS).map(([value, label]) => ({
                value,
                label,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="standingAgency"
            label="Cơ quan thường trực Hội đồng TĐKT"
            rules={required("Nhập tên cơ quan thường trực.")}
          >
            <Input maxLength={200} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
