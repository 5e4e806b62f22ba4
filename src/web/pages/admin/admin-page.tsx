import { Alert, Card, Grid, Select, Tabs, Typography } from "antd";
import { useState } from "react";
import { useSession } from "../../session.tsx";
import { AccountsTab } from "./accounts-tab.tsx";
import { AuditTab } from "./audit-tab.tsx";
import { BackupTab } from "./backup-tab.tsx";
import { ClustersTab } from "./clusters-tab.tsx";
import { IntegrityTab } from "./integrity-tab.tsx";
import { LevelsTab } from "./levels-tab.tsx";
import { PeriodsTab } from "./periods-tab.tsx";
import { UnitsTab } from "./units-tab.tsx";

const SECTIONS = [
  { key: "levels", label: "Cấp hành chính", render: () => <LevelsTab /> },
  { key: "units", label: "Đơn vị", render: () => <UnitsTab /> },
  { key: "clusters", label: "Cụm, Khối, Hội đồng", render: () => <ClustersTab /> },
  { key: "accounts", label: "Tài khoản", render: () => <AccountsTab /> },
  { key: "periods", label: "Kỳ thi đua", render: () => <PeriodsTab /> },
  { key: "backup", label: "Sao lưu", render: () => <BackupTab /> },
  { key: "audit", label: "Nhật ký thay đổi", render: () => <AuditTab /> },
  { key: "integrity", label: "Kiểm tra nhật ký", render: () => <IntegrityTab /> },
];

/**
 * Quản trị: levels, units, clusters and council members, accounts, periods, backups, the log
 * of changes and the check of the record (administrators).
 */
export function AdminPage() {
  const { user } = useSession();
  const [tab, setTab] = useState("levels");
  // a phone shows the sections in a list: antd's tab overflow menu breaks the tab list's roles
  const narrow = Grid.useBreakpoint().md === false;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
        Quản trị hệ thống
      </Typography.Title>
      {user.role !== "admin" ? (
        <Alert
          type="warning"
          showIcon
          title="Trang này chỉ dành cho quản trị hệ thống."
          description="Tài khoản của bạn không có quyền quản trị. Nếu cần thay đổi tổ chức, đơn vị hay tài khoản, hãy liên hệ quản trị hệ thống."
        />
      ) : (
        <Card>
          {narrow ? (
            <>
              <Select
                aria-label="Mục quản trị"
                value={tab}
                onChange={setTab}
                options={SECTIONS.map(({ key, label }) => ({ value: key, label }))}
                style={{ width: "100%", marginBottom: 16 }}
              />
              {SECTIONS.find((s) => s.key === tab)?.render()}
            </>
          ) : (
            <Tabs
              destroyOnHidden
              activeKey={tab}
              onChange={setTab}
              items={SECTIONS.map(({ key, label, render }) => ({ key, label, children: render() }))}
            />
          )}
        </Card>
      )}
    </>
  );
}
