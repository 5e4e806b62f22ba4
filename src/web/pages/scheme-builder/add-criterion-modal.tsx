import { Checkbox, Form, Input, InputNumber, Modal, Select } from "antd";
import type { CriterionChange } from "../../../core/scheme.ts";
import { formatPoints } from "../../format.ts";
import {
  allocation,
  type BuiltTree,
  EDITABLE_KINDS,
  KIND_LABELS,
  type TreeNode,
} from "./scheme-tree.ts";

export type NewCriterion = CriterionChange & { parent: string };

/** The next free id under a parent: I.3 → I.3.1, I.3.2 … */
export function nextId(parent: TreeNode, tree: BuiltTree, offset = 0): string {
  let n = parent.children.length + 1 + offset;
  while (tree.byId.has(`${parent.id}.${n}`)) n++;
  return `${parent.id}.${n}`;
}

export const ID_RULES = (tree: BuiltTree, others: () => string[] = () => []) => [
  { required: true, whitespace: true, message: "Nhập mã tiêu chí." },
  {
    validator: (_: unknown, v: string | undefined) => {
      if (!v) return Promise.resolve();
      if (/\s/.test(v)) return Promise.reject(new Error("Mã tiêu chí không chứa khoảng trắng."));
      if (tree.byId.has(v) || others().filter((o) => o === v).length > 1) {
        return Promise.reject(new Error(`Mã ${v} đã có trong bộ tiêu chí.`));
      }
      return Promise.resolve();
    },
  },
];

interface Values {
  id: string;
  title: string;
  max: number;
  kind: (typeof EDITABLE_KINDS)[number];
  lowerIsBetter?: boolean;
}

/** Add a criterion under a section or an item (the item becomes a group). */
export function AddCriterionModal({
  parent,
  tree,
  onAdd,
  onClose,
}: {
  parent: TreeNode;
  tree: BuiltTree;
  onAdd: (items: NewCriterion[]) => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form);
  const left = allocation(parent)?.left;
  return (
    <Modal
      open
      title={`Thêm tiêu chí vào mục ${parent.id}`}
      okText="Thêm"
      cancelText="Hủy"
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <p>
        {parent.title}
        {parent.kind === "group"
          ? left !== undefined && ` — còn ${formatPoints(left)} điểm chưa phân bổ.`
          : " — tiêu chí này sẽ thành nhóm, điểm của nó bằng tổng các tiêu chí con."}
      </p>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          id: nextId(parent, tree),
          kind: "manual",
          max:
            left !== undefined && left > 0
              ? left
              : parent.kind === "group"
                ? undefined
                : parent.max,
        }}
        onFinish={(v) =>
          onAdd([
            {
              id: v.id.trim(),
              parent: parent.id,
              title: v.title.trim(),
              max: v.max,
              kind: v.kind,
              ...(v.kind === "ratio" && v.lowerIsBetter ? { lowerIsBetter: true } : {}),
            },
          ])
        }
      >
        <Form.Item name="id" label="Mã tiêu chí" rules={ID_RULES(tree)}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="title"
          label="Nội dung tiêu chí"
          rules={[{ required: true, whitespace: true, message: "Nhập nội dung tiêu chí." }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
        </Form.Item>
        <Form.Item
          name="max"
          label="Điểm tối đa"
          rules={[{ required: true, message: "Nhập điểm tối đa." }]}
        >
          <InputNumber min={0} max={100000} step={1} decimalSeparator="," style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="kind" label="Cách chấm">
          <Select options={EDITABLE_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
        </Form.Item>
        {kind === "ratio" && (
          <Form.Item name="lowerIsBetter" valuePropName="checked">
            <Checkbox>Chỉ tiêu càng thấp càng tốt (ví dụ tỷ lệ hộ nghèo)</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
