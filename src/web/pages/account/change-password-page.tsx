/**
 * "Đổi mật khẩu": every user, from the account menu; the only page open while an administrator
 * requires a new password. The other sessions of the account end, this one stays.
 */
import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, Typography } from "antd";
import { useNavigate } from "react-router";
import { api } from "../../api.ts";
import { useSession } from "../../session.tsx";

const MIN_PASSWORD = 8;

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordPage() {
  const { user, passwordChanged } = useSession();
  const required = user.mustChangePassword;
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const send = useMutation({
    mutationFn: (v: Values) =>
      api("POST", "/api/auth/password", {
        currentPassword: v.currentPassword,
        newPassword: v.newPassword,
      }),
    onSuccess: () => {
      message.success("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản đã kết thúc.");
      form.resetFields();
      passwordChanged();
      if (required) navigate("/", { replace: true });
    },
  });
  return (
    <Card style={{ maxWidth: 480, margin: "0 auto" }}>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        Đổi mật khẩu
      </Typography.Title>
      {required ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="Quản trị hệ thống yêu cầu bạn đổi mật khẩu trước khi tiếp tục."
          description="Hãy đặt một mật khẩu mới chỉ mình bạn biết; sau đó các trang khác sẽ mở lại."
        />
      ) : (
        <Typography.Paragraph type="secondary">
          Tài khoản {user.username}. Sau khi đổi, các phiên đăng nhập khác (máy khác, trình duyệt
          khác) sẽ kết thúc; phiên này vẫn tiếp tục.
        </Typography.Paragraph>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => send.mutate(v)}
      >
        <Form.Item
          name="currentPassword"
          label="Mật khẩu hiện tại"
          rules={[{ required: true, message: "Nhập mật khẩu đang dùng." }]}
        >
          <Input.Password maxLength={200} autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="Mật khẩu mới"
          rules={[
            { required: true, message: "Nhập mật khẩu mới." },
            { min: MIN_PASSWORD, message: `Mật khẩu mới phải có ít nhất ${MIN_PASSWORD} ký tự.` },
          ]}
        >
          <Input.Password maxLength={200} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label="Nhập lại mật khẩu mới"
          dependencies={["newPassword"]}
          rules={[
            { required: true, message: "Nhập lại mật khẩu mới." },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue("newPassword")
                  ? Promise.resolve()
                  : Promise.reject(new Error("Hai lần nhập mật khẩu mới không giống nhau.")),
            }),
          ]}
        >
          <Input.Password maxLength={200} autoComplete="new-password" />
        </Form.Item>
        {send.isError && (
          <Alert type="error" showIcon title={send.error.message} style={{ marginBottom: 16 }} />
        )}
        <Button type="primary" htmlType="submit" loading={send.isPending} block>
          Đổi mật khẩu
        </Button>
      </Form>
    </Card>
  );
}
