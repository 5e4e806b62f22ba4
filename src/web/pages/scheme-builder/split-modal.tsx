import { Form, Input, InputNumber, Modal, Space, Typography } from "antd";
import { useState } from "react";
import { equalShares } from "../../../core/scheme.ts";
import { formatPoints } from "../../format.ts";
import { ID_RULES, type NewCriterion, nextId } from "./add-criterion-modal.tsx";
import type { BuiltTree, TreeNode } from "./scheme-tree.ts";

interface Part {
  id: string;
  title: string;
  max: number;
}

function partsOf(item: TreeNode, tree: BuiltTree, count: number): Part[] {
  return equalShares(item.max ?? 0, count).map((max, i) => ({
    id: nextId(item, tree, i),
    title: "",
    max,
  }));
}

/** Split an item into parts that share its maximum (equal shares to start with). */
export function SplitModal({
  item,
  tree,
  onSplit,
  onClose,
}: {
  item: TreeNode;
  tree: BuiltTree;
  onSplit: (items: NewCriterion[]) => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ parts: Part[] }>();
  const [count, setCount] = useState(2);
  const parts = Form.useWatch("parts", form) ?? [];
  const sum = parts.reduce((s, p) => s + Math.round((p?.max ?? 0) * 100), 0) / 100;
  const ids = () => (form.getFieldValue("parts") as Part[]).map((p) => p?.id?.trim());
  return (
    <Modal
      open
      width={720}
      title={`Tách tiêu chí ${item.id} thành nhiều tiêu chí`}
      okText="Tách"
      cancelText="Hủy"
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <p>
        {item.title} — tối đa {formatPoints(item.max)} điểm. Tiêu chí này thành nhóm; điểm của nó
        bằng tổng các phần.
      </p>
      <Space style={{ marginBottom: 12 }} wrap>
        <label htmlFor="split-count">Số phần</label>
        <InputNumber
          id="split-count"
          min={2}
          max={10}
          precision={0}
          value={count}
          onChange={(v) => {
            const n = Math.min(10, Math.max(2, v ?? 2));
            setCount(n);
            form.setFieldValue("parts", partsOf(item, tree, n));
          }}
        />
        <Typography.Text type={sum > (item.max ?? 0) ? "danger" : "secondary"}>
          Tổng các phần: {formatPoints(sum)} / {formatPoints(item.max)}
        </Typography.Text>
      </Space>
      <Form
        form={form}
        initialValues={{ parts: partsOf(item, tree, 2) }}
        onFinish={(v: { parts: Part[] }) =>
          onSplit(
            v.parts.map((p) => ({
              id: p.id.trim(),
              parent: item.id,
              title: p.title.trim(),
              max: p.max,
              kind: "manual",
            })),
          )
        }
      >
        <Form.List name="parts">
          {(fields) =>
            fields.map((field, i) => (
              <Space key={field.key} align="start" wrap style={{ display: "flex" }}>
                <Form.Item name={[field.name, "id"]} rules={ID_RULES(tree, ids)}>
                  <Input aria-label={`Mã phần ${i + 1}`} style={{ width: 110 }} maxLength={50} />
                </Form.Item>
                <Form.Item
                  name={[field.name, "title"]}
                  rules={[{ required: true, whitespace: true, message: "Nhập nội dung." }]}
                >
                  <Input
                    aria-label={`Nội dung phần ${i + 1}`}
                    placeholder={`Nội dung phần ${i + 1}`}
                    style={{ width: 360, maxWidth: "70vw" }}
                    maxLength={500}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, "max"]}
                  rules={[{ required: true, message: "Nhập điểm tối đa." }]}
                >
                  <InputNumber
                    aria-label={`Điểm tối đa phần ${i + 1}`}
                    min={0}
                    step={1}
                    decimalSeparator=","
                    style={{ width: 100 }}
                  />
                </Form.Item>
              </Space>
            ))
          }
        </Form.List>
      </Form>
    </Modal>
  );
}
