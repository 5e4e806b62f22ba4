/**
 * What the standing agency records about a unit for deliberation: the rating of its party
 * organisation and the cases that lower or bar an award. Every change needs a reason.
 */
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Checkbox, Form, Input, Select, Tooltip, Typography } from "antd";
import { useState } from "react";
import { ApiError, api } from "../../api.ts";

export const PARTY_RATING_LABELS = {
  HTXSNV: "Hoàn thành xuất sắc nhiệm vụ",
  HTTNV: "Hoàn thành tốt nhiệm vụ",
  HTNV: "Hoàn thành nhiệm vụ",
  KHTNV: "Không hoàn thành nhiệm vụ",
} as const;
export type PartyRating = keyof typeof PARTY_RATING_LABELS;

export const FLAG_LABELS = {
  deepReview: "Kiểm điểm sâu",
  publicOutcry: "Vụ việc gây bức xúc dư luận",
  pendingViolation: "Dấu hiệu sai phạm đang xem xét",
  seriousViolation: "Tiêu cực, tham nhũng, sai phạm nghiêm trọng",
  adjustedAfterReconciliation: "Tự ý điều chỉnh số liệu sau khi thống nhất",
} as const;
export type UnitFlag = keyof typeof FLAG_LABELS;

interface Props {
  periodId: number;
  unitId: number;
  partyRating: PartyRating;
  flags: UnitFlag[];
  version: number;
  /** Why the form cannot be used; null when it can. */
  disabledReason: string | null;
}

export function StandingFactsForm(props: Props) {
  const { periodId, unitId, disabledReason } = props;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [rating, setRating] = useState<PartyRating>(props.partyRating);
  const [flags, setFlags] = useState<UnitFlag[]>(props.flags);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const changed =
    rating !== props.partyRating || [...flags].sort().join() !== [...props.flags].sort().join();

  const [missingReason, setMissingReason] = useState(false);
  const save = async () => {
    if (!reason.trim()) {
      setMissingReason(true);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await api("PUT", `/api/periods/${periodId}/units/${unitId}/standing-facts`, {
        partyRating: rating,
        flags,
        reason,
        version: props.version,
      });
      setReason("");
      message.success("Đã lưu thông tin xếp loại và vụ việc của đơn vị.");
      await queryClient.invalidateQueries({ queryKey: ["period", periodId] });
      void queryClient.invalidateQueries({ queryKey: ["results", periodId] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  const disabled = disabledReason !== null;
  return (
    <Form layout="vertical" onFinish={() => void save()} disabled={disabled}>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        Xếp loại tổ chức đảng và vụ việc
      </Typography.Title>
      {disabledReason && (
        <Alert type="info" showIcon title={disabledReason} style={{ marginBottom: 12 }} />
      )}
      <Form.Item label="Xếp loại tổ chức đảng" htmlFor={`rating-${unitId}`}>
        <Select
          id={`rating-${unitId}`}
          value={rating}
          onChange={setRating}
          options={Object.entries(PARTY_RATING_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      <fieldset style={{ border: 0, padding: 0, margin: "0 0 16px" }}>
        <legend style={{ fontSize: 14, marginBottom: 8, border: 0 }}>Vụ việc trong năm</legend>
        <Checkbox.Group
          value={flags}
          onChange={(v) => setFlags(v as UnitFlag[])}
          style={{ display: "flex", flexDirection: "column", gap: 4 }}
          options={Object.entries(FLAG_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </fieldset>
      <Form.Item
        label="Lý do, căn cứ"
        htmlFor={`facts-reason-${unitId}`}
        required
        validateStatus={missingReason && !reason.trim() ? "error" : undefined}
        help={missingReason && !reason.trim() ? "Cần ghi lý do, căn cứ của thay đổi." : undefined}
      >
        <Input.TextArea
          id={`facts-reason-${unitId}`}
          rows={2}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Tooltip title={!disabled && !changed ? "Chưa có thay đổi nào để lưu." : undefined}>
        <Button type="primary" htmlType="submit" loading={saving} disabled={disabled || !changed}>
          Lưu xếp loại, vụ việc
        </Button>
      </Tooltip>
    </Form>
  );
}
