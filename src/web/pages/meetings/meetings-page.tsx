import { Empty } from "antd";

/** Cuộc họp (issue #4: to be built). */
export function MeetingsPage() {
  return <Empty description="Cuộc họp: đang xây dựng" />;
}
