import { Empty } from "antd";

/** Biểu chấm điểm (issue #4: to be built). */
export function ScoringSheetPage() {
  return <Empty description="Biểu chấm điểm: đang xây dựng" />;
}
