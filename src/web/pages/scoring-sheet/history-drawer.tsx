/**
 * The history of the sheet in a side panel, newest first, a page at a time: who, when, which
 * stage, old → new, why; the sheet's steps (submitted, sent back…) and evidence added or
 * removed among them. Narrowed by criterion, person, kind of action and days (on the server).
 */
import { Alert, Button, Drawer, Empty, Flex, Select, Spin, Timeline, Typography } from "antd";
import { useMemo, useState } from "react";
import {
  type ActionKind,
  actionLabel,
  describeChange,
  formatStamp,
  SHEET_KINDS,
} from "../../audit-labels.ts";
import {
  type Days,
  DaysFilter,
  KindFilter,
  PersonFilter,
  shownLine,
} from "../../history-filters.tsx";
import { type CriterionRow, useClusterWords } from "../period/period-data.ts";
import { useHistory } from "./sheet-data.ts";
import { describeValue, type Form } from "./values.ts";

const DAY = "YYYY-MM-DD";

export function HistoryDrawer(props: {
  periodId: number;
  unitId: number;
  open: boolean;
  criterionId: string | null;
  criteria: CriterionRow[];
  forms: Map<string, Form>;
  onCriterion(id: string | null): void;
  onClose(): void;
}) {
  const { criterionId, criteria, forms } = props;
  const w = useClusterWords();
  const [actorId, setActorId] = useState<number | undefined>();
  const [kind, setKind] = useState<ActionKind | undefined>();
  const [days, setDays] = useState<Days>(null);
  const filters = {
    criterionId: criterionId ?? undefined,
    actorId,
    kind,
    from: days?.[0]?.format(DAY),
    to: days?.[1]?.format(DAY),
  };
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const history = useHistory(props.periodId, props.unitId, filters, props.open);
  const entries = useMemo(
    () => history.data?.pages.flatMap((p) => p.entries) ?? [],
    [history.data],
  );
  const people = history.data?.pages[0]?.people ?? [];
  const title = (id: string) => criteria.find((c) => c.id === id)?.title ?? "";
  const value = (v: unknown, id: string | null) =>
    describeValue((id ? forms.get(id) : undefined) ?? { kind: "points" }, v);

  const shown = shownLine(entries.length, history.hasNextPage, filtered);

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title="Lịch sử chấm điểm"
      size={Math.min(520, window.innerWidth)}
    >
      <Flex vertical gap={8} style={{ marginBottom: 16 }}>
        <Select
          style={{ width: "100%" }}
          aria-label="Xem lịch sử của tiêu chí"
          showSearch={{ optionFilterProp: "label" }}
          value={criterionId ?? ""}
          onChange={(v: string) => props.onCriterion(v || null)}
          options={[
            { value: "", label: "Cả biểu: mọi tiêu chí và các bước" },
            ...criteria
              .filter((c) => c.kind !== "group")
              .map((c) => ({ value: c.id, label: `${c.id}. ${c.title}` })),
          ]}
        />
        <Flex gap={8} wrap>
          <PersonFilter value={actorId} onChange={setActorId} people={people} />
          <KindFilter value={kind} onChange={setKind} kinds={SHEET_KINDS} words={w} />
        </Flex>
        <DaysFilter value={days} onChange={setDays} style={{ width: "100%" }} />
      </Flex>
      {history.isPending && <Spin />}
      {history.isError && <Alert type="error" showIcon title={history.error.message} />}
      {history.isSuccess && entries.length === 0 && (
        <Empty
          description={
            filtered
              ? "Không có thay đổi nào phù hợp bộ lọc."
              : "Chưa có thay đổi nào được ghi lại."
          }
        />
      )}
      {history.isSuccess && entries.length > 0 && (
        <Typography.Paragraph type="secondary">{shown}</Typography.Paragraph>
      )}
      <Spin spinning={history.isPlaceholderData}>
        <Timeline
          items={entries.map((e) => {
            const what = describeChange(e, value);
            return {
              key: e.id,
              content: (
                <div>
                  <Typography.Text strong>{w(actionLabel(e.action))}</Typography.Text>
                  {e.criterionId && !criterionId && (
                    <Typography.Text>
                      {" "}
                      — {e.criterionId}. {title(e.criterionId)}
                    </Typography.Text>
                  )}
                  {what && <div>{what}</div>}
                  {e.reason && <div>Lý do: {e.reason}</div>}
                  <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                    {e.by ?? "Hệ thống"} · {formatStamp(e.at)}
                  </Typography.Text>
                </div>
              ),
            };
          })}
        />
      </Spin>
      {history.hasNextPage && (
        <Button block loading={history.isFetchingNextPage} onClick={() => history.fetchNextPage()}>
          Xem thêm
        </Button>
      )}
    </Drawer>
  );
}
