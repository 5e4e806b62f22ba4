/** The banner of a demonstration server, on every page (the sign-in page too). */
import { useQuery } from "@tanstack/react-query";
import { Alert } from "antd";
import { api, type Health } from "./api.ts";

export function DemoBanner() {
  const health = useQuery({
    queryKey: ["health"],
    queryFn: () => api<Health>("GET", "/api/health"),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!health.data?.demo) return null;
  return (
    <Alert
      banner
      type="warning"
      role="status"
      title="Dữ liệu minh họa — các tài khoản và số liệu trên máy chủ này chỉ dùng để trình diễn, thử nghiệm; không dùng cho công việc thật."
    />
  );
}
