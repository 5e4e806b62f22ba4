/**
 * Kiểm tra nhật ký: the last verification of the audit chain and of the records against it
 * (src/server/commands/audit/verify-audit.ts), and a new one on demand. The same check as
 * `tdkt audit verify` on the server.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Descriptions, List, Typography } from "antd";
import { api } from "../../api.ts";
import { formatDateTime } from "../../format.ts";

interface AuditBreak {
  table: string;
  record: string;
  at: string | null;
  problem: string;
}

interface Verification {
  at: string;
  by: string | null;
  ok: boolean;
  rows: number;
  records: number;
  breakCount: number;
  breaks: AuditBreak[];
}

const TABLES: Record<string, string> = {
  audit_log: "Nhật ký thay đổi",
  scores: "Điểm",
  period_units: "Đơn vị trong kỳ",
  decisions: "Quyết định",
  ballots: "Bỏ phiếu",
};

const number = (n: number) => n.toLocaleString("vi-VN");

export function IntegrityTab() {
  const client = useQueryClient();
  const key = ["admin", "audit", "verification"];
  const last = useQuery({
    queryKey: key,
    queryFn: () => api<{ last: Verification | null }>("GET", "/api/admin/audit/verification"),
  });
  const run = useMutation({
    mutationFn: () => api<unknown>("POST", "/api/admin/audit/verify", {}),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const v = last.data?.last ?? null;
  return (
    <>
      <Typography.Paragraph>
        Mỗi dòng nhật ký thay đổi được nối với dòng trước bằng mã băm, nên không sửa hay xóa được
        một dòng mà không để lại dấu vết. Lần kiểm tra đi hết chuỗi nhật ký và so từng điểm, ghi
        nhận về đơn vị, quyết định và cuộc bỏ phiếu đang lưu với dòng nhật ký cuối cùng của nó. Trên
        máy chủ, lệnh <Typography.Text code>npm run --silent tdkt -- audit verify</Typography.Text>{" "}
        làm cùng việc này.
      </Typography.Paragraph>
      <Button
        type="primary"
        loading={run.isPending}
        onClick={() => run.mutate()}
        style={{ marginBottom: 16 }}
      >
        {run.isPending ? "Đang kiểm tra…" : "Kiểm tra ngay"}
      </Button>
      {run.isError && (
        <Alert type="error" showIcon title={run.error.message} style={{ marginBottom: 16 }} />
      )}
      {last.isError && <Alert type="error" showIcon title={last.error.message} />}
      {last.isSuccess && !v && <Alert type="info" showIcon title="Chưa có lần kiểm tra nào." />}
      {v && (
        <>
          <Alert
            type={v.ok ? "success" : "error"}
            showIcon
            title={
              v.ok
                ? "Nhật ký nguyên vẹn: không có gì bị sửa ngoài phần mềm."
                : `Phát hiện ${number(v.breakCount)} chỗ bị thay đổi ngoài phần mềm.`
            }
            style={{ marginBottom: 16 }}
          />
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: "at", label: "Lần kiểm tra gần nhất", children: formatDateTime(v.at) },
              {
                key: "by",
                label: "Người kiểm tra",
                children: v.by ?? "Lệnh tdkt audit verify trên máy chủ",
              },
              { key: "rows", label: "Dòng nhật ký đã kiểm tra", children: number(v.rows) },
              { key: "records", label: "Bản ghi đã so với nhật ký", children: number(v.records) },
            ]}
          />
          {!v.ok && (
            <List
              header={
                v.breakCount > v.breaks.length
                  ? `${number(v.breaks.length)} chỗ đầu tiên trong ${number(v.breakCount)}`
                  : undefined
              }
              dataSource={v.breaks}
              renderItem={(b) => (
                <List.Item>
                  <Typography.Text>
                    <Typography.Text strong>{TABLES[b.table] ?? b.table}</Typography.Text> —{" "}
                    {b.record}
                    {b.at ? ` (ghi lúc ${formatDateTime(b.at)})` : ""}: {b.problem}
                  </Typography.Text>
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </>
  );
}
