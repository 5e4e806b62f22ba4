import { Empty } from "antd";

/** Thẩm định (issue #4: to be built). */
export function AppraisalPage() {
  return <Empty description="Thẩm định: đang xây dựng" />;
}
