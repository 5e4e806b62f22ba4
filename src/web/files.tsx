/**
 * The official files on the pages: a download (Excel, Word) as a link styled as a button, and
 * an import that sends a filled file and shows every problem the server found, cell by cell.
 * Both are shown disabled with the reason when the user cannot use them.
 */
import { Alert, Button, Modal, Tooltip, Typography, Upload } from "antd";
import { type ReactNode, useState } from "react";
import { ApiError, uploadFile } from "./api.ts";

export function DownloadButton(props: {
  href: string;
  children: ReactNode;
  /** Why this user cannot have the file; null when they can. */
  disabledReason?: string | null;
}) {
  const why = props.disabledReason ?? null;
  const button = (
    <Button href={why ? undefined : props.href} disabled={why !== null}>
      {props.children}
    </Button>
  );
  return why ? (
    <Tooltip title={why}>
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}

interface Problem {
  sheet: string;
  cell: string;
  message: string;
}

/** Send a filled .xlsx to `url`; `onDone` gets the server's answer. */
export function ImportButton<T>(props: {
  url: string;
  children: ReactNode;
  disabledReason?: string | null;
  onDone(answer: T): void | Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<{ message: string; problems: Problem[] } | null>(null);
  const why = props.disabledReason ?? null;
  const send = async (file: File) => {
    setBusy(true);
    try {
      await props.onDone(await uploadFile<T>(props.url, file));
    } catch (e) {
      const problems = (e as ApiError).details as { problems?: Problem[] } | undefined;
      setRefused({
        message: e instanceof ApiError ? (e.message.split("\n")[0] ?? e.message) : String(e),
        problems: problems?.problems ?? [],
      });
    } finally {
      setBusy(false);
    }
  };
  const upload = (
    <Upload
      accept=".xlsx"
      showUploadList={false}
      disabled={why !== null || busy}
      customRequest={({ file }) => void send(file as File)}
    >
      <Button loading={busy} disabled={why !== null}>
        {props.children}
      </Button>
    </Upload>
  );
  return (
    <>
      {why ? (
        <Tooltip title={why}>
          <span>{upload}</span>
        </Tooltip>
      ) : (
        upload
      )}
      <Modal
        open={refused !== null}
        title="Tệp chưa nhập được"
        onCancel={() => setRefused(null)}
        footer={<Button onClick={() => setRefused(null)}>Đóng</Button>}
        width={720}
      >
        <Alert type="error" showIcon title={refused?.message} style={{ marginBottom: 12 }} />
        {refused && refused.problems.length > 0 && (
          <>
            <Typography.Paragraph>
              Sửa các ô dưới đây trong tệp rồi nhập lại; chưa có điểm nào được lưu.
            </Typography.Paragraph>
            <ul style={{ maxHeight: 360, overflowY: "auto", paddingLeft: 20 }}>
              {refused.problems.map((p) => (
                <li key={`${p.sheet}/${p.cell}/${p.message}`}>
                  <strong>
                    Trang «{p.sheet}», ô {p.cell}
                  </strong>
                  : {p.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </Modal>
    </>
  );
}
