import { Empty } from "antd";

/** Rà soát, khớp điểm (issue #4: to be built). */
export function ClusterReviewPage() {
  return <Empty description="Rà soát, khớp điểm: đang xây dựng" />;
}
