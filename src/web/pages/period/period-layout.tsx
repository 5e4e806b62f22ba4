import { Alert, Menu, Spin, Typography } from "antd";
import { Link, Outlet, useLocation } from "react-router";
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
  const items = [
    { key: base, label: <Link to={base}>Tổng quan</Link> },
    { key: `${base}/tieu-chi`, label: <Link to={`${base}/tieu-chi`}>Bộ tiêu chí</Link> },
    ...(user.unitId && you.memberRole
      ? [
          {
            key: `${base}/don-vi/${user.unitId}`,
            label: <Link to={`${base}/don-vi/${user.unitId}`}>Biểu chấm điểm</Link>,
          },
        ]
      : []),
    ...(reviewer
      ? [{ key: `${base}/ra-soat`, label: <Link to={`${base}/ra-soat`}>Rà soát, khớp điểm</Link> }]
      : []),
    ...(you.standing
      ? [{ key: `${base}/tham-dinh`, label: <Link to={`${base}/tham-dinh`}>Thẩm định</Link> }]
      : []),
    { key: `${base}/ket-qua`, label: <Link to={`${base}/ket-qua`}>Kết quả, bình xét</Link> },
    { key: `${base}/hop`, label: <Link to={`${base}/hop`}>Cuộc họp</Link> },
  ];
  const selected = items
    .map((i) => i.key)
    .filter((k) => location.pathname.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20, margin: "0 0 8px" }}>
        {cluster.name} — năm {period.data.period.label}
      </Typography.Title>
      <Menu
        mode="horizontal"
        items={items}
        selectedKeys={selected ? [selected] : []}
        style={{ marginBottom: 16 }}
      />
      <Outlet />
    </>
  );
}
