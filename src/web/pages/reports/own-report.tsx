/**
 * A unit's own report for one request: whether it was sent, when and how late, the file, and
 * sending it (PDF or Word, at most 10 MB, as the sheet's evidence is sent): the button turns busy
 * while the file goes, the server's Vietnamese refusal is shown as it is, and a file that did not
 * reach the server (no network, the session expired, the server failed) can be sent again
 * without choosing it again. Sending over a report already sent asks first: the new one counts,
 * the earlier one is kept, and after the due day the new one is late.
 */
import { Alert, App, Button, Space, Typography, Upload } from "antd";
import { useState } from "react";
import { REPORT_ACCEPT, REPORT_TYPES_TEXT } from "../../../core/report-file.ts";
import { daysBetween } from "../../../core/tasks.ts";
import { ApiError } from "../../api.ts";
import { formatDate, sizeText } from "../../format.ts";
import { WhyDisabled } from "../../why-disabled.tsx";
import { EarlierReports, FileLink, sentBy, WRAP } from "./report-parts.tsx";
import {
  fileRefusal,
  type ReportRequest,
  sentText,
  type UnitReport,
  useSendReport,
} from "./reports-data.ts";

/** A failure the same file may get past when sent again (not a refusal of the file itself). */
const worthRetrying = (e: unknown) =>
  e instanceof ApiError && (e.status === 0 || e.status === 401 || e.status >= 500);

export function OwnReport(props: {
  periodId: number;
  request: ReportRequest;
  own: UnitReport;
  /** Vietnam's day on the server. */
  today: string;
  /** Why nothing can be sent now (a locked year); null when it can. */
  lockedReason: string | null;
}) {
  const { periodId, request, own, today, lockedReason } = props;
  const { modal } = App.useApp();
  const send = useSendReport(periodId);
  const [sending, setSending] = useState<File | null>(null);
  const [failed, setFailed] = useState<{ file: File; message: string; retry: boolean } | null>(
    null,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const current = own.submission;
  const overdue = Math.max(0, daysBetween(request.dueOn, today));

  const go = async (file: File) => {
    setFailed(null);
    setNotice(null);
    setSending(file);
    try {
      const sent = await send.mutateAsync({ requestKey: request.key, file });
      setNotice(sent.message);
    } catch (e) {
      setFailed({
        file,
        message: e instanceof Error ? e.message : String(e),
        retry: worthRetrying(e),
      });
    } finally {
      setSending(null);
    }
  };

  const choose = (file: File) => {
    setNotice(null);
    const refusal = fileRefusal(file);
    if (refusal) {
      setFailed({ file, message: refusal, retry: false });
      return;
    }
    if (!current) {
      void go(file);
      return;
    }
    const lateNow =
      overdue > 0
        ? ` Hôm nay đã quá hạn ${overdue} ngày: báo cáo được tính là chậm ${overdue} ngày${current.daysLate === 0 ? ", dù bản trước đúng hạn" : ""}.`
        : "";
    modal.confirm({
      title: "Thay báo cáo đã gửi?",
      content: `Đơn vị đã gửi «${current.fileName}» ngày ${formatDate(current.submittedAt)}. Bản mới «${file.name}» sẽ là báo cáo được tính; bản trước vẫn được lưu và tải về được.${lateNow}`,
      okText: "Gửi bản mới",
      cancelText: "Không",
      onOk: () => {
        void go(file);
      },
    });
  };

  const busy = sending !== null;
  return (
    <Space orientation="vertical" size={6} style={{ width: "100%" }}>
      {current ? (
        <>
          <Typography.Text strong style={{ color: current.daysLate > 0 ? "#ad4e00" : "#237804" }}>
            {sentText(current)}
          </Typography.Text>
          <div style={WRAP}>
            <FileLink periodId={periodId} submission={current} />
            <div>
              <Typography.Text type="secondary">{sentBy(current)}</Typography.Text>
            </div>
          </div>
          <EarlierReports periodId={periodId} earlier={own.earlier} />
        </>
      ) : (
        <Typography.Text strong style={{ color: own.status === "missing" ? "#a8071a" : undefined }}>
          {own.statusLabel}
        </Typography.Text>
      )}
      <Space wrap size={[8, 4]}>
        <WhyDisabled why={lockedReason}>
          <Upload
            accept={REPORT_ACCEPT}
            showUploadList={false}
            disabled={lockedReason !== null || busy}
            customRequest={({ file }) => choose(file as File)}
          >
            <Button
              type={current ? "default" : "primary"}
              loading={busy}
              disabled={lockedReason !== null || busy}
              aria-label={`${current ? "Gửi bản thay thế" : "Gửi báo cáo"}: ${request.title}`}
            >
              {current ? "Gửi bản thay thế" : "Gửi báo cáo"}
            </Button>
          </Upload>
        </WhyDisabled>
        <Typography.Text type="secondary">{REPORT_TYPES_TEXT}, tối đa 10 MB.</Typography.Text>
      </Space>
      {!current && overdue > 0 && !lockedReason && (
        <Typography.Text type="secondary">
          Gửi hôm nay, báo cáo được tính là chậm {overdue} ngày.
        </Typography.Text>
      )}
      <div aria-live="polite" style={WRAP}>
        {sending && (
          <Typography.Text>
            Đang gửi «{sending.name}» ({sizeText(sending.size)})…
          </Typography.Text>
        )}
      </div>
      {failed && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={WRAP}
          title={failed.message}
          description={
            failed.retry ? (
              <Space orientation="vertical" size={6}>
                <span>
                  Tệp «{failed.file.name}» chưa được nhận; báo cáo đã gửi trước đó (nếu có) vẫn giữ
                  nguyên.
                </span>
                <Button size="small" disabled={busy} onClick={() => void go(failed.file)}>
                  Gửi lại tệp này
                </Button>
              </Space>
            ) : current ? (
              `Báo cáo đã gửi «${current.fileName}» vẫn giữ nguyên.`
            ) : undefined
          }
        />
      )}
      {notice && <Alert type="success" showIcon style={WRAP} title={notice} />}
    </Space>
  );
}
