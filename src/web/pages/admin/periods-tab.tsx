import { Alert, Button, Space, Table } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { PRESETS } from "../../../core/presets/index.ts";
import { formatDate } from "../../format.ts";
import { type Cluster, PERIOD_KIND_LABELS, type PeriodSummary, useClusters } from "./admin-data.ts";
import { CreatePeriodModal } from "./create-period-modal.tsx";
import { PeriodMembersModal } from "./period-members-modal.tsx";

type Row = PeriodSummary & { cluster: Cluster };

export const presetTitle = (id: string) => PRESETS.find((p) => p.id === id)?.title ?? id;

/** Periods of every cluster: create one from a preset or a framework; members and leadership. */
export function PeriodsTab() {
  const clusters = useClusters();
  const [creating, setCreating] = useState(false);
  const [members, setMembers] = useState<Row | null>(null);
  const rows: Row[] = (clusters.data?.clusters ?? []).flatMap((c) =>
    c.periods.map((p) => ({ ...p, cluster: c })),
  );
  return (
    <>
      {clusters.isError && <Alert type="error" showIcon title={clusters.error.message} />}
      <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
        Tạo kỳ thi đua
      </Button>
      <Table<Row>
        rowKey="id"
        size="small"
        loading={clusters.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 960 }}
        columns={[
          { title: "Cụm, Khối thi đua", key: "cluster", render: (_, r) => r.cluster.name },
          {
            title: "Kỳ",
            dataIndex: "label",
            width: 150,
            render: (label: string, r) => (
              <Link to={`/ky/${r.id}`}>
                {label} ({PERIOD_KIND_LABELS[r.kind]})
              </Link>
            ),
          },
          {
            title: "Thời gian",
            key: "dates",
            width: 190,
            render: (_, r) => `${formatDate(r.startsOn)} – ${formatDate(r.endsOn)}`,
          },
          {
            title: "Bộ tiêu chí mẫu",
            dataIndex: "schemeId",
            width: 260,
            render: (id: string) => presetTitle(id),
          },
          {
            title: "Thao tác",
            key: "actions",
            width: 190,
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => setMembers(r)}>
                  Thành viên, lãnh đạo
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {creating && (
        <CreatePeriodModal
          clusters={clusters.data?.clusters ?? []}
          onClose={() => setCreating(false)}
        />
      )}
      {members && (
        <PeriodMembersModal
          periodId={members.id}
          title={`${members.cluster.name} — năm ${members.label}`}
          onClose={() => setMembers(null)}
        />
      )}
    </>
  );
}
