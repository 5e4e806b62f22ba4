import { Empty } from "antd";

/** Tổng quan (issue #4: to be built). */
export function PeriodOverviewPage() {
  return <Empty description="Tổng quan: đang xây dựng" />;
}
