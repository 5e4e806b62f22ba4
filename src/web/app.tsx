import { Button, Drawer, Dropdown, Grid, Layout, Space, Spin, Typography } from "antd";
import { lazy, Suspense, useEffect, useState } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { DemoBanner } from "./demo-banner.tsx";
import { NavLinks } from "./nav-links.tsx";
import { NotificationBell } from "./notification-bell.tsx";
import { ChangePasswordPage } from "./pages/account/change-password-page.tsx";
import { HomePage } from "./pages/home/home-page.tsx";
import { SignInPage } from "./pages/sign-in/sign-in-page.tsx";
import { SessionProvider, useSession } from "./session.tsx";

// each page loads when first opened, so the first page stays small
const page = <T extends Record<string, React.ComponentType>>(
  load: () => Promise<T>,
  name: keyof T,
) => lazy(async () => ({ default: (await load())[name] as React.ComponentType }));
const PeriodLayout = page(() => import("./pages/period/period-layout.tsx"), "PeriodLayout");
const PeriodOverviewPage = page(
  () => import("./pages/period/period-overview-page.tsx"),
  "PeriodOverviewPage",
);
const SchemeBuilderPage = page(
  () => import("./pages/scheme-builder/scheme-builder-page.tsx"),
  "SchemeBuilderPage",
);
const ScoringSheetPage = page(
  () => import("./pages/scoring-sheet/scoring-sheet-page.tsx"),
  "ScoringSheetPage",
);
const ClusterReviewPage = page(
  () => import("./pages/cluster-review/cluster-review-page.tsx"),
  "ClusterReviewPage",
);
const OfficialFiguresPage = page(
  () => import("./pages/official-figures/official-figures-page.tsx"),
  "OfficialFiguresPage",
);
const AppraisalPage = page(() => import("./pages/appraisal/appraisal-page.tsx"), "AppraisalPage");
const ResultsPage = page(() => import("./pages/results/results-page.tsx"), "ResultsPage");
const MeetingsPage = page(() => import("./pages/meetings/meetings-page.tsx"), "MeetingsPage");
const ReportsPage = page(() => import("./pages/reports/reports-page.tsx"), "ReportsPage");
const InspectionPage = page(
  () => import("./pages/inspection/inspection-page.tsx"),
  "InspectionPage",
);
const CalendarPage = page(() => import("./pages/calendar/calendar-page.tsx"), "CalendarPage");
const AdminPage = page(() => import("./pages/admin/admin-page.tsx"), "AdminPage");
const NotificationsPage = page(
  () => import("./pages/notifications/notifications-page.tsx"),
  "NotificationsPage",
);

const CHANGE_PASSWORD = "/doi-mat-khau";

/** The account menu of the header: the user's name, changing the password. */
function AccountMenu() {
  const { user } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  return (
    <Dropdown
      trigger={["click"]}
      menu={{
        items: [{ key: CHANGE_PASSWORD, label: "Đổi mật khẩu" }],
        onClick: ({ key }) => navigate(key),
      }}
    >
      <Button
        type="text"
        size="small"
        aria-label={`Tài khoản: ${user.displayName}`}
        title={user.displayName}
        style={{ color: "#fff", maxWidth: 360 }}
      >
        <span
          style={{
            overflow: "hidden",
            textOverflow: "ellipsis",
            display: "inline-block",
            maxWidth: 330,
            verticalAlign: "middle",
          }}
        >
          {screens.md ? user.displayName : "Tài khoản"}
        </span>
        <span aria-hidden="true">▾</span>
      </Button>
    </Dropdown>
  );
}

/**
 * The main pages on a phone: a button in the header opens them in a drawer, one a line (a row
 * of links would leave some beyond the screen's edge); it closes when one is chosen.
 */
function PhoneMenu(props: {
  items: { key: string; text: string }[];
  selected: string | undefined;
}) {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: close when the page changes
  useEffect(() => setOpen(false), [pathname]);
  if (props.items.length === 0) return null;
  return (
    <>
      <Button
        type="text"
        size="small"
        aria-label="Trình đơn các trang"
        aria-expanded={open}
        title="Trình đơn các trang"
        style={{ color: "#fff", fontSize: 18, paddingInline: 6 }}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">☰</span>
      </Button>
      <Drawer
        open={open}
        placement="left"
        size={280}
        title="Các trang"
        onClose={() => setOpen(false)}
        styles={{ body: { padding: "8px 0" } }}
      >
        <NavLinks
          label="Trang chính"
          items={props.items}
          selected={props.selected}
          layout="column"
          onNavigate={() => setOpen(false)}
        />
      </Drawer>
    </>
  );
}

function Shell() {
  const { user, signOut } = useSession();
  const location = useLocation();
  const phone = !(Grid.useBreakpoint().md ?? true);
  // an administrator requires a new password: that form and nothing else until it is changed
  const locked = user.mustChangePassword;
  const nav = locked
    ? []
    : [
        { key: "/", text: "Trang chủ" },
        { key: "/lich", text: "Lịch thi đua" },
        ...(user.role === "admin" ? [{ key: "/quan-tri", text: "Quản trị" }] : []),
      ];
  const selected =
    nav.find((n) => n.key !== "/" && location.pathname.startsWith(n.key))?.key ??
    (location.pathname === CHANGE_PASSWORD ? undefined : "/");
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <DemoBanner />
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 8, paddingInline: 12 }}>
        {phone && <PhoneMenu items={nav} selected={selected} />}
        <Typography.Text strong style={{ color: "#fff", fontSize: 16, whiteSpace: "nowrap" }}>
          TĐKT Cụm
        </Typography.Text>
        {phone ? (
          <div style={{ flex: 1 }} />
        ) : (
          <NavLinks label="Trang chính" items={nav} selected={selected} dark />
        )}
        <Space style={{ whiteSpace: "nowrap" }}>
          {!locked && <NotificationBell />}
          <AccountMenu />
          <Button size="small" onClick={() => void signOut()}>
            Đăng xuất
          </Button>
        </Space>
      </Layout.Header>
      {/* antd's Content is the page's one <main> landmark */}
      <Layout.Content style={{ padding: 16, maxWidth: 1320, width: "100%", margin: "0 auto" }}>
        <Suspense fallback={<Spin />}>
          {locked ? (
            <Routes>
              <Route path={CHANGE_PASSWORD} element={<ChangePasswordPage />} />
              <Route path="*" element={<Navigate to={CHANGE_PASSWORD} replace />} />
            </Routes>
          ) : (
            <Routes>
              <Route path="/" element={<HomePage />} />
              <Route path={CHANGE_PASSWORD} element={<ChangePasswordPage />} />
              <Route path="/lich" element={<CalendarPage />} />
              <Route path="/thong-bao" element={<NotificationsPage />} />
              <Route path="/quan-tri" element={<AdminPage />} />
              <Route path="/ky/:periodId" element={<PeriodLayout />}>
                <Route index element={<PeriodOverviewPage />} />
                <Route path="tieu-chi" element={<SchemeBuilderPage />} />
                <Route path="don-vi/:unitId" element={<ScoringSheetPage />} />
                <Route path="ra-soat" element={<ClusterReviewPage />} />
                <Route path="so-lieu" element={<OfficialFiguresPage />} />
                <Route path="tham-dinh" element={<AppraisalPage />} />
                <Route path="ket-qua" element={<ResultsPage />} />
                <Route path="hop" element={<MeetingsPage />} />
                <Route path="hop/:meetingId" element={<MeetingsPage />} />
                <Route path="kiem-tra-cheo" element={<InspectionPage />} />
                <Route path="bao-cao" element={<ReportsPage />} />
              </Route>
              <Route path="*" element={<HomePage />} />
            </Routes>
          )}
        </Suspense>
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
