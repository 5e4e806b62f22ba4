import { Card, Typography } from "antd";
import { SignInForm } from "./sign-in-form.tsx";

export function SignInPage() {
  return (
    <main
      style={{
        minHeight: "100vh",
        display: "grid",
        placeItems: "center",
        background: "#f5f5f5",
        padding: 16,
      }}
    >
      <Card style={{ width: "100%", maxWidth: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          TĐKT Cụm
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          Quản lý Cụm, Khối thi đua — đăng nhập để tiếp tục
        </Typography.Paragraph>
        <SignInForm />
      </Card>
    </main>
  );
}
