import { Empty } from "antd";

/** Bộ tiêu chí (issue #4: to be built). */
export function SchemeBuilderPage() {
  return <Empty description="Bộ tiêu chí: đang xây dựng" />;
}
