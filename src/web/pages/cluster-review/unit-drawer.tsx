/**
 * One unit beside the matrix: its status, totals at each stage (the server's, evaluated with
 * the whole cluster as the results are; marked while they are being evaluated again after a
 * save), the disputes it raised with their reasons, a link to its sheet, and the page's actions
 * on it (given as children).
 */
import { Descriptions, Drawer, List, Space, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { formatPoints, ROLE_LABELS } from "../../format.ts";
import { type CriterionRow, useClusterWords } from "../period/period-data.ts";
import type { Cell, ReviewUnit, UnitSheet } from "./review-data.ts";
import { longValue } from "./score-value.ts";
import { StatusTag } from "./status-tag.tsx";

interface Props {
  periodId: number;
  unit: ReviewUnit | null;
  sheet: UnitSheet | undefined;
  /** The sheet is being fetched again (after a save): its totals are those of before. */
  updating?: boolean;
  criteria: CriterionRow[];
  cells: Record<string, Record<string, Cell>>;
  onClose(): void;
  /** The page's buttons on this unit. */
  actions?: ReactNode;
  /** More about the unit, below the buttons. */
  children?: ReactNode;
}

export function UnitDrawer(props: Props) {
  const { periodId, unit, sheet, criteria, cells, onClose, actions, children } = props;
  const w = useClusterWords();
  const total = (v: number | undefined) =>
    v === undefined ? "…" : `${formatPoints(v)} điểm${props.updating ? " (đang tính lại…)" : ""}`;
  if (!unit) return null;
  const byId = new Map(criteria.map((c) => [c.id, c]));
  const disputes = (sheet?.rows ?? []).filter((r) => r.response?.agreement === "dispute");
  const agreed = (sheet?.rows ?? []).filter((r) => r.response?.agreement === "agree").length;
  return (
    <Drawer open title={unit.name} onClose={onClose} size={480}>
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <div>
          <StatusTag status={unit.status} label={unit.statusLabel} />
          <Tag>{w(ROLE_LABELS[unit.role])}</Tag>
        </div>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: "self", label: "Tổng tự chấm", children: total(sheet?.totals.self.total) },
            {
              key: "cluster",
              label: w("Tổng Cụm chấm"),
              children: total(sheet?.totals.cluster.total),
            },
            {
              key: "appraisal",
              label: "Tổng thẩm định",
              children: total(sheet?.totals.appraisal.total),
            },
          ]}
        />
        <Link to={`/ky/${periodId}/don-vi/${unit.id}`}>Mở biểu chấm điểm của đơn vị</Link>
        {actions && <Space wrap>{actions}</Space>}
        <div>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {w("Ý kiến của đơn vị về điểm Cụm chấm")}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {disputes.length} tiêu chí không đồng ý, {agreed} tiêu chí đồng ý.
          </Typography.Paragraph>
          <List
            size="small"
            bordered
            dataSource={disputes}
            locale={{
              emptyText: (
                <Typography.Text type="secondary">
                  Đơn vị không khiếu nại tiêu chí nào.
                </Typography.Text>
              ),
            }}
            renderItem={(r) => {
              const c = byId.get(r.criterionId);
              const cell = cells[r.criterionId]?.[unit.id];
              return (
                <List.Item>
                  <div>
                    <strong>
                      {r.criterionId} {c?.title}
                    </strong>
                    {c && (
                      <div>
                        Tự chấm: {longValue(c, cell?.self)}; {w("Cụm chấm")}:{" "}
                        {longValue(c, cell?.cluster ?? cell?.official ?? cell?.self)}
                      </div>
                    )}
                    <div>
                      <Tag color="red">Lý do</Tag>
                      {r.response?.reason || "(không ghi lý do)"}
                    </div>
                  </div>
                </List.Item>
              );
            }}
          />
        </div>
        {children}
      </Space>
    </Drawer>
  );
}
