/** The header's word on saving: "Đã lưu lúc 14:32", what is being saved, or what failed. */
import { Space, Typography } from "antd";
import type { ReactNode } from "react";
import type { Stage } from "../../../core/evaluate.ts";
import { useClusterWords } from "../period/period-data.ts";
import { COLUMN_TITLES } from "./sheet-columns.tsx";
import { Badge } from "./stage-view.tsx";
import { TONES } from "./tones.ts";
import type { useScoreSaver } from "./use-score-saver.ts";

const timeOf = (iso: string) =>
  new Intl.DateTimeFormat("vi-VN", {
    timeZone: "Asia/Ho_Chi_Minh",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));

export function SaveStatus(props: {
  editStage: Stage | null;
  saver: ReturnType<typeof useScoreSaver>;
  unsaved: number;
  readOnly: string;
}) {
  const { editStage, saver, unsaved } = props;
  const w = useClusterWords();
  const states = Object.values(saver.cells);
  const saving = states.filter((s) => s.state === "saving").length;
  const failed = states.filter((s) => s.state !== "saving" && s.state !== "saved");
  const offline = failed.some((s) => s.state === "offline");
  let text: ReactNode;
  if (!editStage) {
    text = <Typography.Text type="secondary">{props.readOnly}</Typography.Text>;
  } else if (saving > 0) {
    text = <Typography.Text type="secondary">Đang lưu…</Typography.Text>;
  } else if (failed.length > 0) {
    const last = failed[failed.length - 1];
    text = (
      <Space wrap>
        <Typography.Text style={{ color: TONES.danger }}>
          Chưa lưu được {unsaved} ô{last && "message" in last ? `: ${last.message}` : ""}
        </Typography.Text>
        {offline && (
          <Badge
            color="red"
            label="Thử lưu lại"
            lines={["Gửi lại các ô chưa lưu"]}
            onClick={saver.retry}
          />
        )}
      </Space>
    );
  } else if (saver.lastSavedAt) {
    text = (
      <Typography.Text style={{ color: TONES.success }}>
        Đã lưu lúc {timeOf(saver.lastSavedAt)}
      </Typography.Text>
    );
  } else {
    text = (
      <Typography.Text type="secondary">
        Bạn đang chấm cột «{w(COLUMN_TITLES[editStage])}»; điểm được lưu khi rời ô hoặc nhấn Enter.
      </Typography.Text>
    );
  }
  return (
    <div aria-live="polite" style={{ minHeight: 22 }}>
      {text}
    </div>
  );
}
