import type { MenuProps } from "antd";
import {
  Button,
  Checkbox,
  Dropdown,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useState } from "react";
import type { CriterionChange } from "../../../core/scheme.ts";
import { formatPoints } from "../../format.ts";
import {
  allocation,
  type BuiltTree,
  canMove,
  EDITABLE_KINDS,
  KIND_LABELS,
  move,
  removeAdded,
  restore,
  setFields,
  type TreeNode,
} from "./scheme-tree.ts";

interface Row extends Omit<TreeNode, "children"> {
  node: TreeNode;
  children?: Row[];
}

function toRow(node: TreeNode): Row {
  const { children, ...rest } = node;
  return { ...rest, node, children: children.length > 0 ? children.map(toRow) : undefined };
}

function Allocation({ node }: { node: TreeNode }) {
  const a = allocation(node);
  if (!a) return null;
  if (node.capped) {
    return (
      <Tooltip title="Các tiêu chí con có thể cộng vượt điểm tối đa; điểm của nhóm không vượt điểm tối đa.">
        <Typography.Text type="secondary">
          Con: {formatPoints(a.assigned)} (nhóm có trần)
        </Typography.Text>
      </Tooltip>
    );
  }
  if (a.left === 0) return <Typography.Text type="success">Đã phân bổ đủ</Typography.Text>;
  if (a.left > 0) {
    return (
      <Typography.Text type="warning">Còn {formatPoints(a.left)} chưa phân bổ</Typography.Text>
    );
  }
  return <Typography.Text type="danger">Vượt {formatPoints(-a.left)} điểm</Typography.Text>;
}

/** The criteria tree with the inputs for what the user may change, row by row. */
export function CriteriaTable({
  tree,
  changes,
  canEdit,
  errorAt,
  errorText,
  onChange,
  onAdd,
  onSplit,
}: {
  tree: BuiltTree;
  changes: CriterionChange[];
  canEdit: boolean;
  errorAt: string | null;
  errorText: string | null;
  onChange: (changes: CriterionChange[]) => void;
  onAdd: (parent: TreeNode) => void;
  onSplit: (item: TreeNode) => void;
}) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const rows = tree.roots.map(toRow);
  const groups = [...tree.byId.values()].filter((n) => n.children.length > 0).map((n) => n.id);
  const editable = (n: TreeNode) => canEdit && !n.locked;
  const set = (n: TreeNode, fields: Parameters<typeof setFields>[2]) =>
    onChange(setFields(changes, n, fields));

  const actions = (n: TreeNode): MenuProps["items"] => [
    { key: "add", label: "Thêm tiêu chí con", disabled: n.deduction },
    {
      key: "split",
      label: "Tách thành nhiều tiêu chí",
      disabled: n.kind === "group" || n.deduction || n.max === undefined,
    },
    { key: "up", label: "Chuyển lên", disabled: !n.added || !canMove(changes, n, -1) },
    { key: "down", label: "Chuyển xuống", disabled: !n.added || !canMove(changes, n, 1) },
    n.added
      ? { key: "remove", label: "Xóa tiêu chí Cụm thêm", danger: true }
      : {
          key: "restore",
          label: "Khôi phục theo mẫu",
          disabled: !changes.some((c) => c.id === n.id),
        },
  ];
  const act = (n: TreeNode, key: string) => {
    if (key === "add") onAdd(n);
    else if (key === "split") onSplit(n);
    else if (key === "up") onChange(move(changes, n, -1));
    else if (key === "down") onChange(move(changes, n, 1));
    else if (key === "remove") onChange(removeAdded(changes, n.id));
    else if (key === "restore") onChange(restore(changes, n.id));
  };

  return (
    <Table<Row>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 1060 }}
      expandable={{
        expandedRowKeys: groups.filter((id) => !collapsed.has(id)),
        onExpand: (open, row) => {
          const next = new Set(collapsed);
          if (open) next.delete(row.id);
          else next.add(row.id);
          setCollapsed(next);
        },
      }}
      onRow={(row) => ({ style: row.parent === null ? { fontWeight: 600 } : undefined })}
      columns={[
        {
          title: "Mã",
          dataIndex: "id",
          width: 130,
        },
        {
          title: "Nội dung",
          dataIndex: "title",
          render: (title: string, { node }) => (
            <>
              {editable(node) ? (
                <Typography.Text
                  editable={{
                    onChange: (v) => v.trim() && set(node, { title: v.trim() }),
                    tooltip: "Đổi tên tiêu chí",
                    text: title,
                  }}
                >
                  {title}
                </Typography.Text>
              ) : (
                title
              )}
              {(node.lockRoot || node.added || node.original) && (
                <div>
                  {node.lockRoot && <Tag color="purple">Do cơ quan thường trực quy định</Tag>}
                  {node.added && <Tag color="blue">Cụm thêm</Tag>}
                  {node.original && <Tag color="magenta">Cụm sửa</Tag>}
                </div>
              )}
              {node.original && node.original.title !== title && (
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    Theo mẫu: {node.original.title}
                  </Typography.Text>
                </div>
              )}
              {errorAt === node.id && errorText && (
                <div role="alert">
                  <Typography.Text type="danger">{errorText}</Typography.Text>
                </div>
              )}
            </>
          ),
        },
        {
          title: "Loại",
          key: "kind",
          width: 200,
          render: (_, { node }) =>
            editable(node) && node.added && node.kind !== "group" ? (
              <Space orientation="vertical" size={4}>
                <Select<(typeof EDITABLE_KINDS)[number]>
                  size="small"
                  value={node.kind as (typeof EDITABLE_KINDS)[number]}
                  style={{ width: 190 }}
                  aria-label={`Loại tiêu chí ${node.id}`}
                  options={EDITABLE_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
                  onChange={(kind) =>
                    set(node, {
                      kind,
                      lowerIsBetter: kind === "ratio" ? node.lowerIsBetter : undefined,
                    })
                  }
                />
                {node.kind === "ratio" && (
                  <Checkbox
                    checked={node.lowerIsBetter}
                    onChange={(e) => set(node, { lowerIsBetter: e.target.checked || undefined })}
                  >
                    Càng thấp càng tốt
                  </Checkbox>
                )}
              </Space>
            ) : (
              <>
                {node.deduction && node.kind === "group" ? "Nhóm điểm trừ" : KIND_LABELS[node.kind]}
                {node.kind === "ratio" && node.lowerIsBetter && (
                  <Typography.Text type="secondary"> (càng thấp càng tốt)</Typography.Text>
                )}
              </>
            ),
        },
        {
          title: "Điểm tối đa",
          key: "max",
          width: 130,
          align: "right",
          render: (_, { node }) =>
            editable(node) ? (
              <>
                <InputNumber
                  size="small"
                  min={0}
                  max={100000}
                  step={1}
                  decimalSeparator=","
                  value={node.max ?? null}
                  placeholder={node.deduction ? "Không giới hạn" : undefined}
                  status={errorAt === node.id ? "error" : undefined}
                  onChange={(v) => set(node, { max: v ?? undefined })}
                  aria-label={`Điểm tối đa của tiêu chí ${node.id}`}
                  style={{ width: 100 }}
                />
                {node.original && node.original.max !== node.max && (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      Mẫu: {formatPoints(node.original.max)}
                    </Typography.Text>
                  </div>
                )}
              </>
            ) : node.max === undefined ? (
              "Không giới hạn"
            ) : (
              formatPoints(node.max)
            ),
        },
        {
          title: "Phân bổ cho tiêu chí con",
          key: "allocation",
          width: 170,
          render: (_, { node }) => <Allocation node={node} />,
        },
        ...(canEdit
          ? [
              {
                title: "Thao tác",
                key: "actions",
                width: 120,
                render: (_: unknown, { node }: Row) =>
                  node.locked ? (
                    <Tooltip title="Mục do cơ quan thường trực quy định, Cụm không được thay đổi.">
                      <Button size="small" disabled>
                        Thao tác
                      </Button>
                    </Tooltip>
                  ) : (
                    <Dropdown
                      trigger={["click"]}
                      menu={{ items: actions(node), onClick: ({ key }) => act(node, key) }}
                    >
                      <Button size="small" aria-label={`Thao tác với tiêu chí ${node.id}`}>
                        Thao tác ▾
                      </Button>
                    </Dropdown>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}
