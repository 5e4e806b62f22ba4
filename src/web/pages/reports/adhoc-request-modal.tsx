/**
 * The leader (or deputy) asks every member unit for an ad hoc report (Vùng cao 2022 Điều 7.3):
 * its title, what is asked, and the due day (today or later, Vietnam's calendar). What was typed
 * stays in the form when the server refuses it.
 */
import { Alert, App, DatePicker, Form, Input, Modal, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useClusterWords } from "../period/period-data.ts";
import { useCreateAdhocRequest } from "./reports-data.ts";

interface Values {
  title: string;
  body?: string;
  dueOn: Dayjs;
}

export function AdhocRequestModal(props: {
  periodId: number;
  /** Vietnam's day on the server: the earliest due day. */
  today: string;
  onClose(): void;
}) {
  const { periodId, today, onClose } = props;
  const w = useClusterWords();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateAdhocRequest(periodId);
  const first = dayjs(today);

  const submit = (v: Values) =>
    create.mutate(
      { title: v.title.trim(), body: (v.body ?? "").trim(), dueOn: v.dueOn.format("YYYY-MM-DD") },
      {
        onSuccess: (request) => {
          message.success(`Đã gửi yêu cầu «${request.title}» tới các đơn vị thành viên.`);
          onClose();
        },
      },
    );

  return (
    <Modal
      open
      title="Yêu cầu báo cáo đột xuất"
      onCancel={onClose}
      width={640}
      okText="Gửi yêu cầu"
      cancelText="Hủy"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        {w(
          "Mọi đơn vị thành viên của Cụm nhận thông báo (và thư điện tử nếu đã cài đặt), thấy yêu cầu này ở trang chủ và trang Báo cáo, gửi báo cáo (PDF hoặc Word) tại đó.",
        )}
      </Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="title"
          label="Tên báo cáo"
          rules={[{ required: true, whitespace: true, message: "Nhập tên báo cáo cần gửi." }]}
        >
          <Input
            maxLength={300}
            placeholder="Ví dụ: Báo cáo kết quả phong trào thi đua chào mừng Đại hội"
          />
        </Form.Item>
        <Form.Item name="body" label="Nội dung yêu cầu">
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={20000}
            placeholder="Báo cáo những nội dung gì, theo mẫu nào, số văn bản yêu cầu (nếu có)…"
          />
        </Form.Item>
        <Form.Item
          name="dueOn"
          label="Hạn gửi"
          rules={[{ required: true, message: "Chọn hạn gửi báo cáo." }]}
        >
          <DatePicker
            format="DD/MM/YYYY"
            placeholder="dd/mm/yyyy"
            style={{ width: "100%", maxWidth: 240 }}
            disabledDate={(d) => d.isBefore(first, "day")}
          />
        </Form.Item>
        {create.isError && (
          <Alert type="error" showIcon role="alert" title={create.error.message} />
        )}
      </Form>
    </Modal>
  );
}
