import { Alert, Spin, Typography } from "antd";
import { Outlet, useLocation } from "react-router";
import { NavLinks } from "../../nav-links.tsx";
import { useSession } from "../../session.tsx";
import { usePeriod, usePeriodId } from "./period-data.ts";

/** A cluster's year: its name, and the pages of the year as tabs the user may open. */
export function PeriodLayout() {
  const periodId = usePeriodId();
  const period = usePeriod();
  const { user } = useSession();
  const location = useLocation();
  if (period.isPending) return <Spin />;
  if (period.isError) return <Alert type="error" showIcon title={period.error.message} />;
  const { cluster, you } = period.data;
  const base = `/ky/${periodId}`;
  const reviewer = you.leadership || you.standing || you.council || user.role === "admin";
  const sheetPath = `${base}/don-vi/`;
  const items = [
    { key: base, text: "Tổng quan" },
    { key: `${base}/tieu-chi`, text: "Bộ tiêu chí" },
    ...(user.unitId && you.memberRole
      ? [{ key: `${sheetPath}${user.unitId}`, text: "Biểu chấm điểm" }]
      : []),
    ...(reviewer ? [{ key: `${base}/ra-soat`, text: "Rà soát, khớp điểm" }] : []),
    ...(you.data ? [{ key: `${base}/so-lieu`, text: "Số liệu chính thức" }] : []),
    ...(you.standing ? [{ key: `${base}/tham-dinh`, text: "Thẩm định" }] : []),
    { key: `${base}/ket-qua`, text: "Kết quả, bình xét" },
    { key: `${base}/hop`, text: "Cuộc họp" },
    { key: `${base}/kiem-tra-cheo`, text: "Kiểm tra chéo" },
    // the members send their reports; the leadership, the standing agency and the council read them
    ...(you.memberRole || you.standing || you.council
      ? [{ key: `${base}/bao-cao`, text: "Báo cáo" }]
      : []),
  ];
  // another unit's sheet opened by a reviewer belongs with the review (a data agency's: with
  // its official figures)
  const path =
    location.pathname.startsWith(sheetPath) && !location.pathname.endsWith(`/${user.unitId}`)
      ? you.data
        ? `${base}/so-lieu`
        : `${base}/ra-soat`
      : location.pathname;
  const selected = items
    .map((i) => i.key)
    .filter((k) => path.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20, margin: "0 0 8px" }}>
        {cluster.name} — năm {period.data.period.label}
      </Typography.Title>
      <div style={{ display: "flex", marginBottom: 16, borderBottom: "1px solid #f0f0f0" }}>
        {/* folded onto more lines where they do not fit (a phone): none beyond the edge */}
        <NavLinks
          label="Các trang của kỳ thi đua"
          items={items}
          selected={selected}
          layout="wrap"
        />
      </div>
      <Outlet />
    </>
  );
}
