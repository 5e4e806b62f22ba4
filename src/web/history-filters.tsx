/**
 * The filters a history is narrowed by, shared by the history of a sheet and the administrators'
 * log: a person, a kind of action, a range of days; and the line that says what is shown.
 */
import { DatePicker, Select } from "antd";
import type { Dayjs } from "dayjs";
import { ACTION_KIND_LABELS, type ActionKind } from "./audit-labels.ts";

export type Days = [Dayjs | null, Dayjs | null] | null;

export function PersonFilter(props: {
  value: number | undefined;
  onChange(id: number | undefined): void;
  people: { id: number; name: string }[];
  loading?: boolean;
}) {
  return (
    <Select
      style={{ flex: "1 1 200px" }}
      aria-label="Người thực hiện"
      placeholder="Mọi người thực hiện"
      allowClear
      showSearch={{ optionFilterProp: "label" }}
      value={props.value}
      onChange={(v: number | undefined) => props.onChange(v)}
      options={props.people.map((p) => ({ value: p.id, label: p.name }))}
      loading={props.loading}
    />
  );
}

export function KindFilter(props: {
  value: ActionKind | undefined;
  onChange(kind: ActionKind | undefined): void;
  kinds: readonly ActionKind[];
  /** The year's words, in a year's history (a Khối's: "điểm Khối chấm"). */
  words?(text: string): string;
}) {
  const words = props.words ?? ((text: string) => text);
  return (
    <Select
      style={{ flex: "1 1 200px" }}
      aria-label="Loại thao tác"
      placeholder="Mọi loại thao tác"
      allowClear
      value={props.value}
      onChange={(v: ActionKind | undefined) => props.onChange(v)}
      options={props.kinds.map((k) => ({ value: k, label: words(ACTION_KIND_LABELS[k]) }))}
    />
  );
}

export function DaysFilter(props: {
  value: Days;
  onChange(days: Days): void;
  style?: React.CSSProperties;
}) {
  return (
    <DatePicker.RangePicker
      style={props.style}
      format="DD/MM/YYYY"
      placeholder={["Từ ngày", "Đến ngày"]}
      allowEmpty={[true, true]}
      value={props.value}
      onChange={(v) => props.onChange(v)}
    />
  );
}

/** "Hiển thị 50 mục gần nhất phù hợp bộ lọc." */
export function shownLine(count: number, more: boolean, filtered: boolean): string {
  const matching = filtered ? " phù hợp bộ lọc" : "";
  return more
    ? `Hiển thị ${count} mục gần nhất${matching}.`
    : `Hiển thị tất cả ${count} mục${matching}.`;
}
