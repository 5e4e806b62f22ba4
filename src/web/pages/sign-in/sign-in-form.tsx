import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { ApiError, api, type SessionUser, setCsrfToken } from "../../api.ts";

export function SignInForm({ onSignedIn }: { onSignedIn?: () => void }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      onFinish={async (values: { username: string; password: string }) => {
        setBusy(true);
        setError(null);
        try {
          const res = await api<{ user: SessionUser; csrfToken: string }>(
            "POST",
            "/api/auth/login",
            values,
          );
          setCsrfToken(res.csrfToken);
          queryClient.setQueryData(["me"], res.user);
          onSignedIn?.();
        } catch (e) {
          setError(e instanceof ApiError ? e.message : "Không đăng nhập được.");
        } finally {
          setBusy(false);
        }
      }}
    >
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
      <Form.Item
        label="Tên đăng nhập"
        name="username"
        rules={[{ required: true, message: "Nhập tên đăng nhập" }]}
      >
        <Input autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item
        label="Mật khẩu"
        name="password"
        rules={[{ required: true, message: "Nhập mật khẩu" }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block>
        Đăng nhập
      </Button>
    </Form>
  );
}
