/**
 * Sao lưu: an administrator makes a backup of the whole system (database and evidence files),
 * follows its progress, and downloads the archive once it is ready
 * (src/server/routes/backups.ts). Restoring is done on the server with `tdkt restore`.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, Button, Progress, Space, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api.ts";

interface BackupJob {
  id: string;
  status: "running" | "done" | "failed";
  done: number;
  total: number;
  message?: string;
  fileName: string;
  bytes?: number;
}

/** A file size as a person reads it: "850 KB", "12,4 MB". */
const fileSize = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.ceil(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;

function percent(job: BackupJob): number {
  if (job.status === "done") return 100;
  return job.total > 0 ? Math.floor((job.done * 100) / job.total) : 0;
}

function progressStatus(job: BackupJob): "active" | "success" | "exception" {
  switch (job.status) {
    case "running":
      return "active";
    case "done":
      return "success";
    case "failed":
      return "exception";
  }
}

export function BackupTab() {
  const [jobId, setJobId] = useState<string | null>(null);
  const [downloaded, setDownloaded] = useState(false);
  const start = useMutation({
    mutationFn: () => api<BackupJob>("POST", "/api/admin/backups"),
    onSuccess: (job) => {
      setJobId(job.id);
      setDownloaded(false);
    },
  });
  const job = useQuery({
    queryKey: ["admin", "backups", jobId],
    queryFn: () => api<BackupJob>("GET", `/api/admin/backups/${jobId}`),
    enabled: jobId !== null && !downloaded,
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1000 : false),
    refetchOnWindowFocus: false,
  });
  const current = job.data ?? start.data ?? null;
  const running = current?.status === "running";

  return (
    <>
      <Typography.Paragraph>
        Bản sao lưu gồm toàn bộ dữ liệu của hệ thống: tổ chức, tài khoản, các kỳ thi đua với điểm,
        minh chứng, hội nghị, biểu quyết và nhật ký thay đổi, trong một tệp nén (.tar.gz). Tệp có cả
        mật khẩu đã mã hóa của các tài khoản: hãy cất giữ ở nơi an toàn.
      </Typography.Paragraph>
      <Typography.Paragraph>
        Khôi phục trên máy chủ bằng lệnh{" "}
        <Typography.Text code>npm run --silent tdkt -- restore TỆP.tar.gz</Typography.Text>, vào một
        hệ thống mới còn trống (xem README, mục «Sao lưu và khôi phục»).
      </Typography.Paragraph>
      <Button
        type="primary"
        loading={start.isPending || running}
        onClick={() => start.mutate()}
        style={{ marginBottom: 16 }}
      >
        {running ? "Đang sao lưu…" : current ? "Tạo bản sao lưu mới" : "Tạo bản sao lưu"}
      </Button>
      {start.isError && (
        <Alert type="error" showIcon title={start.error.message} style={{ marginBottom: 16 }} />
      )}
      {job.isError && !downloaded && (
        <Alert type="error" showIcon title={job.error.message} style={{ marginBottom: 16 }} />
      )}
      {current && (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Progress
            percent={percent(current)}
            status={progressStatus(current)}
            aria-label="Tiến độ sao lưu"
          />
          {current.message && (
            <Typography.Text type={current.status === "failed" ? "danger" : undefined}>
              {current.message}
            </Typography.Text>
          )}
          {current.status === "done" &&
            (downloaded ? (
              <Alert
                type="success"
                showIcon
                title={`Đang tải về ${current.fileName}.`}
                description="Mỗi bản sao lưu chỉ tải về được một lần; tệp tạm trên máy chủ đã được xóa. Cần thêm một bản thì hãy tạo bản mới."
              />
            ) : (
              <Button
                href={`/api/admin/backups/${current.id}/file`}
                onClick={() => setDownloaded(true)}
              >
                Tải về {current.fileName}
                {current.bytes !== undefined ? ` (${fileSize(current.bytes)})` : ""}
              </Button>
            ))}
        </Space>
      )}
    </>
  );
}
