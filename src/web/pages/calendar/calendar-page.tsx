import { Empty } from "antd";

/** Lịch thi đua (issue #4: to be built). */
export function CalendarPage() {
  return <Empty description="Lịch thi đua: đang xây dựng" />;
}
