import { Card, Typography } from "antd";
import { DemoBanner } from "../../demo-banner.tsx";
import { SignInForm } from "./sign-in-form.tsx";

export function SignInPage() {
  return (
    <div
      style={{
        minHeight: "100vh",
        display: "flex",
        flexDirection: "column",
        background: "#f5f5f5",
      }}
    >
      <DemoBanner />
      <main style={{ flex: 1, display: "grid", placeItems: "center", padding: 16 }}>
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
    </div>
  );
}
