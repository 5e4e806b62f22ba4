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
        style={{ color: "#fff", paddingInline: 6, display: "inline-flex", alignItems: "center" }}
        onClick={() => navigate("/thong-bao")}
      >
        {/* drawn, not a character: a machine without an emoji font shows no bell */}
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
      </Button>
    </Badge>
  );
}
