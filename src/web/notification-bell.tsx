import { Badge, Button } from "antd";
import { useNavigate } from "react-router";
import { useNotifications } from "./pages/notifications/notifications-data.ts";

/** The bell of the header: how many notifications are unread; it opens the notifications. */
export function NotificationBell() {
  const navigate = useNavigate();
  const notices = useNotifications();
  const unread = notices.data?.unread ?? 0;
  const label = unread > 0 ? `Thông báo: ${unread} chưa đọc` : "Thông báo";
  return (
    <Badge count={unread} size="small" offset={[-4, 4]}>
      <Button
        type="text"
        size="small"
        aria-label={label}
        title={label}
        style={{ color: "#fff", fontSize: 16, paddingInline: 6 }}
        onClick={() => navigate("/thong-bao")}
      >
        <span aria-hidden="true">🔔</span>
      </Button>
    </Badge>
  );
}
