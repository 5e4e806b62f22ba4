import { Button, Layout, Space, Typography } from "antd";
import { BrowserRouter, Route, Routes } from "react-router";
import { HomePage } from "./pages/home/home-page.tsx";
import { SignInPage } from "./pages/sign-in/sign-in-page.tsx";
import { SessionProvider, useSession } from "./session.tsx";

function Shell() {
  const { user, signOut } = useSession();
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header
        style={{
          display: "flex",
          alignItems: "center",
          justifyContent: "space-between",
          paddingInline: 16,
        }}
      >
        <Typography.Text strong style={{ color: "#fff", fontSize: 16 }}>
          TĐKT Cụm
        </Typography.Text>
        <Space>
          <Typography.Text style={{ color: "#fff" }}>{user.displayName}</Typography.Text>
          <Button size="small" onClick={() => void signOut()}>
            Đăng xuất
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1280, width: "100%", margin: "0 auto" }}>
        <Routes>
          <Route path="*" element={<HomePage />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}

export function AppRoutes() {
  return (
    <BrowserRouter>
      <SessionProvider signIn={<SignInPage />}>
        <Shell />
      </SessionProvider>
    </BrowserRouter>
  );
}
