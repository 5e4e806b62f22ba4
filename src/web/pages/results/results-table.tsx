/**
 * The ranking: rank, unit, each section, bonus, deductions, total, proposed award and status;
 * a unit opens its reasons line by line.
 */
import { Button, Drawer, Grid, List, Table, type TableColumnsType, Tag, Tooltip } from "antd";
import { useState } from "react";
import { formatPoints } from "../../format.ts";
import { STATUS_LABELS, STATUS_STYLES, type UnitResult } from "./results-data.ts";

interface Props {
  units: UnitResult[];
  names: Map<string, string>;
  sectionTitles: Map<string, string>;
  awardLabels: Map<string, string>;
}

export function ResultsTable({ units, names, sectionTitles, awardLabels }: Props) {
  const [open, setOpen] = useState<UnitResult | null>(null);
  const wide = Grid.useBreakpoint().md ?? true;
  const unitWidth = wide ? 220 : 150;
  const sections = Object.keys(units[0]?.sections ?? {});
  const right = { align: "right" as const, width: 80 };
  const columns: TableColumnsType<UnitResult> = [
    { key: "rank", title: "Hạng", dataIndex: "rank", width: 56, align: "center", fixed: "left" },
    {
      key: "unit",
      title: "Đơn vị",
      width: unitWidth,
      fixed: "left",
      render: (_, u) => (
        <Button
          type="link"
          style={{
            padding: 0,
            height: "auto",
            whiteSpace: "normal",
            textAlign: "left",
            color: "#0958d9",
          }}
          onClick={() => setOpen(u)}
        >
          {names.get(u.id) ?? u.id}
        </Button>
      ),
    },
    ...sections.map((s) => ({
      key: `s-${s}`,
      title: (
        <Tooltip title={sectionTitles.get(s)}>
          <span>Mục {s}</span>
        </Tooltip>
      ),
      ...right,
      render: (_: unknown, u: UnitResult) => formatPoints(u.sections[s]),
    })),
    { key: "bonus", title: "Thưởng", ...right, render: (_, u) => formatPoints(u.bonus) },
    {
      key: "deductions",
      title: "Trừ",
      ...right,
      render: (_, u) => (u.deductions ? `−${formatPoints(u.deductions)}` : "0"),
    },
    {
      key: "total",
      title: "Tổng",
      ...right,
      render: (_, u) => <strong>{formatPoints(u.total)}</strong>,
    },
    {
      key: "award",
      title: "Hình thức đề nghị",
      width: 200,
      render: (_, u) => (u.award ? (awardLabels.get(u.award) ?? u.award) : "—"),
    },
    {
      key: "status",
      title: "Tình trạng",
      width: 130,
      render: (_, u) => <Tag style={STATUS_STYLES[u.status]}>{STATUS_LABELS[u.status]}</Tag>,
    },
  ];
  return (
    <>
      <Table<UnitResult>
        size="small"
        bordered
        rowKey="id"
        pagination={false}
        columns={columns}
        dataSource={units}
        scroll={{ x: 56 + unitWidth + 80 * (sections.length + 3) + 330 }}
        locale={{ emptyText: "Chưa có đơn vị nào." }}
      />
      <Drawer
        open={open !== null}
        title={open ? (names.get(open.id) ?? open.id) : ""}
        onClose={() => setOpen(null)}
        size={480}
      >
        {open && (
          <>
            <p>
              Hạng {open.rank}, tổng {formatPoints(open.total)} điểm.{" "}
              <Tag style={STATUS_STYLES[open.status]}>{STATUS_LABELS[open.status]}</Tag>
              {open.award && <>{awardLabels.get(open.award) ?? open.award}</>}
            </p>
            <List
              size="small"
              bordered
              header={<strong>Căn cứ, lý do</strong>}
              dataSource={open.reasons}
              renderItem={(line, i) => (
                <List.Item>
                  {i + 1}. {line}
                </List.Item>
              )}
            />
          </>
        )}
      </Drawer>
    </>
  );
}
