/**
 * Khớp điểm: the unit agrees with the cluster's score of a row, or disputes it with a reason,
 * saved at once (agreeing) or when the reason is written (disputing).
 */
import { useQueryClient } from "@tanstack/react-query";
import { Input, Radio, Typography } from "antd";
import { useState } from "react";
import { ApiError } from "../../api.ts";
import { respond, type SheetData, type SheetRow, sheetKey } from "./sheet-data.ts";
import { TONES } from "./tones.ts";

export function ResponseCell(props: { periodId: number; unitId: number; row: SheetRow }) {
  const { periodId, unitId, row } = props;
  const queryClient = useQueryClient();
  const saved = row.response;
  const [agreement, setAgreement] = useState<"agree" | "dispute" | null>(saved?.agreement ?? null);
  const [reason, setReason] = useState(saved?.reason ?? "");
  const [state, setState] = useState<{ kind: "saving" | "error"; message?: string } | null>(null);

  const send = async (next: "agree" | "dispute", why: string) => {
    if (saved && saved.agreement === next && (saved.reason ?? "") === why.trim()) return;
    setState({ kind: "saving" });
    try {
      const res = await respond(periodId, unitId, row.criterionId, {
        agreement: next,
        reason: why.trim() || null,
      });
      queryClient.setQueryData<SheetData>(sheetKey(periodId, unitId), (sheet) =>
        sheet
          ? {
              ...sheet,
              rows: sheet.rows.map((r) =>
                r.criterionId === row.criterionId ? { ...r, response: res } : r,
              ),
            }
          : sheet,
      );
      setState(null);
    } catch (e) {
      setState({ kind: "error", message: e instanceof ApiError ? e.message : String(e) });
    }
  };

  return (
    <div style={{ marginTop: 4 }}>
      <Radio.Group
        size="small"
        optionType="button"
        aria-label={`Khớp điểm tiêu chí ${row.criterionId}`}
        value={agreement}
        onChange={(e) => {
          const next = e.target.value as "agree" | "dispute";
          setAgreement(next);
          if (next === "agree") void send("agree", "");
        }}
        options={[
          { value: "agree", label: "Đồng ý" },
          { value: "dispute", label: "Không đồng ý" },
        ]}
      />
      {agreement === "dispute" && (
        <Input
          size="small"
          style={{ marginTop: 4 }}
          aria-label={`Lý do không đồng ý — tiêu chí ${row.criterionId}`}
          placeholder="Lý do không đồng ý (bắt buộc)"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onBlur={() => reason.trim() && void send("dispute", reason)}
          onPressEnter={() => reason.trim() && void send("dispute", reason)}
        />
      )}
      {agreement === "dispute" && saved?.agreement !== "dispute" && !state && (
        <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
          Ghi lý do rồi nhấn Enter để lưu.
        </Typography.Text>
      )}
      {state?.kind === "saving" && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Đang lưu…
        </Typography.Text>
      )}
      {state?.kind === "error" && (
        <Typography.Text
          role="alert"
          style={{ display: "block", fontSize: 12, color: TONES.danger }}
        >
          {state.message}
        </Typography.Text>
      )}
    </div>
  );
}
