import { Empty } from "antd";

/** Kết quả, bình xét (issue #4: to be built). */
export function ResultsPage() {
  return <Empty description="Kết quả, bình xét: đang xây dựng" />;
}
