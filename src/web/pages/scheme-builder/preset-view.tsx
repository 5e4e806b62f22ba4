import { Descriptions, Table, Tag, Typography } from "antd";
import type { SchemeSpec } from "../../../core/scheme.ts";
import { formatPoints } from "../../format.ts";
import { buildTree, KIND_LABELS, type TreeNode } from "./scheme-tree.ts";

interface Row {
  id: string;
  node: TreeNode;
  children?: Row[];
}

const toRow = (node: TreeNode): Row => ({
  id: node.id,
  node,
  children: node.children.length > 0 ? node.children.map(toRow) : undefined,
});

/** The preset as published (and the framework the cluster starts from, if any): read-only. */
export function PresetView({
  preset,
  framework,
  base,
}: {
  preset: SchemeSpec;
  framework: { name: string } | null;
  base: SchemeSpec;
}) {
  const rows = buildTree(base, []).roots.map(toRow);
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {framework ? `Khung tiêu chí: ${framework.name}` : preset.title}
      </Typography.Title>
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          { key: "preset", label: "Bộ tiêu chí mẫu", children: preset.title },
          { key: "source", label: "Căn cứ", children: preset.source },
        ]}
      />
      <Table<Row>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 760 }}
        expandable={{ defaultExpandAllRows: true }}
        onRow={(row) => ({ style: row.node.parent === null ? { fontWeight: 600 } : undefined })}
        columns={[
          { title: "Mã", dataIndex: "id", width: 110 },
          {
            title: "Nội dung",
            key: "title",
            render: (_, { node }) => (
              <>
                {node.title}{" "}
                {node.lockRoot && <Tag color="purple">Do cơ quan thường trực quy định</Tag>}
              </>
            ),
          },
          {
            title: "Loại",
            key: "kind",
            width: 200,
            render: (_, { node }) =>
              node.deduction && node.kind === "group" ? "Nhóm điểm trừ" : KIND_LABELS[node.kind],
          },
          {
            title: "Điểm tối đa",
            key: "max",
            width: 110,
            align: "right",
            render: (_, { node }) =>
              node.max === undefined ? "Không giới hạn" : formatPoints(node.max),
          },
        ]}
      />
    </>
  );
}
