import { Empty } from "antd";

/** Quản trị (issue #4: to be built). */
export function AdminPage() {
  return <Empty description="Quản trị: đang xây dựng" />;
}
