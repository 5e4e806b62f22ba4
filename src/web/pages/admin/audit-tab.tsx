/**
 * Nhật ký thay đổi: every change of the system for administrators, newest first, a page at a
 * time (GET /api/admin/audit), narrowed by cluster year, unit, person, kind of action and days:
 * who, when, what, which unit and year, old → new in short, and why.
 */
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Alert, Button, Flex, Select, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import { api } from "../../api.ts";
import {
  ACTION_KIND_LABELS,
  type ActionKind,
  type AuditEntry,
  actionLabel,
  describeChange,
  formatStamp,
  type HistoryPage,
  historyQuery,
} from "../../audit-labels.ts";
import {
  type Days,
  DaysFilter,
  KindFilter,
  PersonFilter,
  shownLine,
} from "../../history-filters.tsx";
import { describeValue, formatNumber } from "../scoring-sheet/values.ts";
import { useAccounts, useClusters, useUnits } from "./admin-data.ts";

interface TrailEntry extends AuditEntry {
  unit: { id: number; name: string } | null;
  period: { id: number; label: string; cluster: string } | null;
}

const DAY = "YYYY-MM-DD";

/**
 * A score's value without its criterion's scheme at hand: numbers, plan and actual… as the
 * sheet reads them; a level or counts by category, whose names only the scheme knows, in words.
 */
function shortValue(v: unknown): string {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    if ("level" in v) return "một mức (xem trong biểu)";
    if ("counts" in v && typeof v.counts === "object" && v.counts !== null) {
      const total = Object.values(v.counts).reduce<number>(
        (sum, n) => sum + (typeof n === "number" ? n : 0),
        0,
      );
      return `${formatNumber(total)} trường hợp`;
    }
  }
  return describeValue({ kind: "points" }, v);
}

export function AuditTab() {
  const clusters = useClusters();
  const units = useUnits();
  const accounts = useAccounts();
  const [periodId, setPeriodId] = useState<number | undefined>();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [actorId, setActorId] = useState<number | undefined>();
  const [kind, setKind] = useState<ActionKind | undefined>();
  const [days, setDays] = useState<Days>(null);
  const filters = {
    periodId,
    unitId,
    actorId,
    kind,
    from: days?.[0]?.format(DAY),
    to: days?.[1]?.format(DAY),
  };
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const trail = useInfiniteQuery({
    queryKey: ["admin", "audit", filters],
    queryFn: ({ pageParam }) =>
      api<HistoryPage<TrailEntry>>("GET", `/api/admin/audit?${historyQuery(filters, pageParam)}`),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    placeholderData: keepPreviousData,
  });
  const entries = useMemo(() => trail.data?.pages.flatMap((p) => p.entries) ?? [], [trail.data]);

  const periodOptions = (clusters.data?.clusters ?? []).map((c) => ({
    label: c.name,
    title: c.name,
    options: c.periods.map((p) => ({ value: p.id, label: `${p.label} — ${c.name}` })),
  }));
  const shown = shownLine(entries.length, trail.hasNextPage, filtered);

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ flex: "1 1 240px" }}
          aria-label="Kỳ thi đua"
          placeholder="Mọi kỳ thi đua"
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={periodId}
          onChange={(v: number | undefined) => setPeriodId(v)}
          options={periodOptions}
          loading={clusters.isPending}
        />
        <Select
          style={{ flex: "1 1 200px" }}
          aria-label="Đơn vị"
          placeholder="Mọi đơn vị"
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={unitId}
          onChange={(v: number | undefined) => setUnitId(v)}
          options={(units.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
          loading={units.isPending}
        />
        <PersonFilter
          value={actorId}
          onChange={setActorId}
          people={(accounts.data?.users ?? []).map((a) => ({ id: a.id, name: a.displayName }))}
          loading={accounts.isPending}
        />
        <KindFilter
          value={kind}
          onChange={setKind}
          kinds={Object.keys(ACTION_KIND_LABELS) as ActionKind[]}
        />
        <DaysFilter value={days} onChange={setDays} style={{ flex: "1 1 260px" }} />
      </Flex>
      {trail.isError && (
        <Alert type="error" showIcon title={trail.error.message} style={{ marginBottom: 12 }} />
      )}
      {trail.isSuccess && <Typography.Paragraph type="secondary">{shown}</Typography.Paragraph>}
      <Table<TrailEntry>
        rowKey="id"
        size="small"
        loading={trail.isPending || trail.isPlaceholderData}
        dataSource={entries}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: filtered
            ? "Không có thay đổi nào phù hợp bộ lọc."
            : "Chưa có thay đổi nào được ghi lại.",
        }}
        columns={[
          {
            title: "Thời gian",
            key: "at",
            width: 140,
            render: (_, e) => formatStamp(e.at),
          },
          {
            title: "Người thực hiện",
            key: "by",
            width: 170,
            render: (_, e) => e.by ?? "Hệ thống",
          },
          {
            title: "Thao tác",
            key: "action",
            width: 220,
            render: (_, e) => (
              <>
                {actionLabel(e.action)}
                {e.criterionId && (
                  <Typography.Text type="secondary"> — tiêu chí {e.criterionId}</Typography.Text>
                )}
              </>
            ),
          },
          {
            title: "Đơn vị",
            key: "unit",
            width: 170,
            render: (_, e) => e.unit?.name ?? "",
          },
          {
            title: "Kỳ thi đua",
            key: "period",
            width: 190,
            render: (_, e) => (e.period ? `${e.period.label} — ${e.period.cluster}` : ""),
          },
          {
            title: "Thay đổi",
            key: "change",
            width: 220,
            render: (_, e) => describeChange(e, shortValue) ?? "",
          },
          {
            title: "Lý do",
            key: "reason",
            render: (_, e) => e.reason ?? "",
          },
        ]}
      />
      {trail.hasNextPage && (
        <Button
          block
          style={{ marginTop: 12 }}
          loading={trail.isFetchingNextPage}
          onClick={() => trail.fetchNextPage()}
        >
          Xem thêm
        </Button>
      )}
    </>
  );
}
