/** The written explanation of a scored item without evidence, saved with its score on leaving. */
import { Input } from "antd";
import { memo, useEffect, useState } from "react";
import type { ScorePatch } from "./use-score-saver.ts";

export const ExplanationInput = memo(function ExplanationInput(props: {
  criterionId: string;
  saved: string | null;
  disabled: boolean;
  onSave(id: string, patch: ScorePatch): void;
}) {
  const [text, setText] = useState(props.saved ?? "");
  useEffect(() => setText(props.saved ?? ""), [props.saved]);
  return (
    <Input
      size="small"
      title={text || undefined}
      aria-label={`Giải trình khi không có minh chứng — tiêu chí ${props.criterionId}`}
      placeholder={
        props.disabled ? "Nhập điểm trước, rồi giải trình" : "Giải trình (khi không có minh chứng)"
      }
      disabled={props.disabled}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onPressEnter={(e) => e.currentTarget.blur()}
      onBlur={() => {
        if (text.trim() !== (props.saved ?? ""))
          props.onSave(props.criterionId, { explanation: text.trim() || null });
      }}
    />
  );
});
