/**
 * Kết quả, bình xét: the ranking with sections, bonus, deductions, total, proposed award and
 * the reasons of each unit; the ballots the deliberation needs; charts beside it; "KẾT QUẢ TẠM
 * TÍNH" first while a sheet is not appraised. The leader's office and the standing agency
 * publish (and withdraw) the results; the leader's office sends the proposal.
 */
import { Alert, Button, Col, Result, Row, Space, Spin, Tooltip, Typography } from "antd";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { clusterText } from "../../../core/labels.ts";
import { namesList, PROVISIONAL } from "../../../core/publication.ts";
import { ApiError } from "../../api.ts";
import { DownloadButton } from "../../files.tsx";
import { formatDateTime } from "../../format.ts";
import { useSession } from "../../session.tsx";
import {
  type PeriodOverview,
  useClusterWords,
  usePeriod,
  usePeriodId,
} from "../period/period-data.ts";
import { PublishAndPropose } from "./publish-and-propose.tsx";
import { ResultsCharts } from "./results-charts.tsx";
import { schemeAwards, useResults } from "./results-data.ts";
import { ResultsTable } from "./results-table.tsx";

// written for a Cụm, as the texts of the page: shown through the year's words (useClusterWords)
const CLUSTER_FILES =
  "Chỉ Cụm trưởng, Cụm phó, cơ quan thường trực và thành viên Hội đồng theo dõi Cụm tải được tệp này.";

export function ResultsPage() {
  const periodId = usePeriodId();
  const period = usePeriod();
  const results = useResults(periodId);
  const { user } = useSession();
  const navigate = useNavigate();
  const w = useClusterWords();
  const overview = period.data;
  const lookups = useMemo(() => {
    const units = overview?.units ?? [];
    return {
      names: new Map(units.map((u) => [u.code, u.name])),
      ids: new Map(units.map((u) => [u.code, u.id])),
      sectionTitles: new Map(
        (overview?.scheme.criteria ?? [])
          .filter((c) => c.parent === null)
          .map((c) => [c.id, c.title]),
      ),
      ...schemeAwards(overview?.period.schemeId ?? ""),
    };
  }, [overview]);

  const heading = (
    <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
      Kết quả, bình xét
    </Typography.Title>
  );
  if (results.isError) {
    const refused = results.error instanceof ApiError && results.error.status === 403;
    return (
      <>
        {heading}
        {refused ? (
          <Result
            status="info"
            title={results.error.message}
            subTitle={w(
              "Kết quả sẽ hiện ở đây khi Cụm trưởng hoặc cơ quan thường trực công bố. Trong khi chờ, bạn vẫn xem được biểu chấm điểm của đơn vị mình.",
            )}
          />
        ) : (
          <Alert type="error" showIcon title={results.error.message} />
        )}
      </>
    );
  }
  if (!results.data || !overview) return <Spin />;
  const { you } = overview;
  const { names, ids, sectionTitles, labels, thresholds } = lookups;
  const data = results.data;
  const admin = user.role === "admin";
  const myCode = overview.units.find((u) => u.id === user.unitId)?.code;
  const yearUnits =
    you.leadership || you.standing || you.council || admin
      ? data.units.map((u) => u.id)
      : myCode
        ? [myCode]
        : [];
  const reviewer = you.leadership || you.standing || you.council || admin;
  const openVoteWhy = you.leadership
    ? null
    : w("Chỉ Cụm trưởng, Cụm phó mở bỏ phiếu tại cuộc họp.");

  return (
    <>
      {heading}
      <ReopenedBanner overview={overview} />
      <ProvisionalBanner overview={overview} />
      <PublishAndPropose overview={overview} names={names} awardLabels={labels} admin={admin} />
      <Space wrap style={{ marginBottom: 12 }}>
        <DownloadButton href={`/api/periods/${periodId}/documents/summary.xlsx`}>
          Bảng tổng hợp (Excel)
        </DownloadButton>
        <DownloadButton
          href={`/api/periods/${periodId}/documents/workbook.xlsx`}
          disabledReason={reviewer || you.data ? null : w(CLUSTER_FILES)}
        >
          {w("Cả Cụm: tổng hợp và biểu từng đơn vị (Excel)")}
        </DownloadButton>
        <DownloadButton
          href={`/api/periods/${periodId}/documents/proposal.docx`}
          disabledReason={reviewer ? null : w(CLUSTER_FILES)}
        >
          Tờ trình đề nghị khen thưởng (Word)
        </DownloadButton>
      </Space>
      {data.ballotsNeeded.map((b) => (
        <Alert
          key={b.award}
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`Cần bỏ phiếu: ${labels.get(b.award) ?? b.award}`}
          description={
            <>
              <p style={{ margin: "0 0 8px" }}>
                Các đơn vị bằng điểm ở ranh giới suất khen thưởng:{" "}
                {b.candidates.map((c) => names.get(c) ?? c).join(", ")}.{" "}
                {w("Cụm bỏ phiếu kín tại cuộc họp để chọn đơn vị được đề nghị.")}
              </p>
              <Tooltip title={openVoteWhy}>
                <Button
                  type="primary"
                  disabled={openVoteWhy !== null}
                  onClick={() => navigate(`/ky/${periodId}/hop`)}
                >
                  Mở bỏ phiếu tại cuộc họp
                </Button>
              </Tooltip>
            </>
          }
        />
      ))}
      {data.warnings.map((text) => (
        <Alert key={text} type="info" showIcon title={w(text)} style={{ marginBottom: 12 }} />
      ))}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={15}>
          <ResultsTable
            units={data.units}
            names={names}
            sectionTitles={sectionTitles}
            awardLabels={labels}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            Chọn tên đơn vị để xem căn cứ, lý do của hình thức đề nghị.
          </Typography.Paragraph>
        </Col>
        <Col xs={24} xxl={9}>
          <ResultsCharts
            units={data.units}
            names={names}
            ids={ids}
            sectionTitles={sectionTitles}
            thresholds={thresholds}
            awardLabels={labels}
            yearUnits={yearUnits}
          />
        </Col>
      </Row>
    </>
  );
}

/**
 * A locked result reopened by the standing agency: said first, with when and why, and that the
 * files made before show the previous edition.
 */
function ReopenedBanner({ overview }: { overview: PeriodOverview }) {
  const { reopened, version } = overview.edition;
  if (!reopened) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      title={<strong>Kết quả đã được mở khóa lại — phiên bản {version}</strong>}
      description={`Cơ quan thường trực mở khóa lúc ${formatDateTime(reopened.at)}: ${reopened.reason}. Các tệp đã tải trước đó là phiên bản ${version - 1}; tệp tải từ nay ghi phiên bản ${version}.`}
    />
  );
}

/** While a sheet is not appraised, the results are provisional: said first, and why. */
function ProvisionalBanner({ overview }: { overview: PeriodOverview }) {
  const p = overview.publication;
  if (!p.provisional) return null;
  const sheets = overview.units.length;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      title={<strong>{PROVISIONAL}</strong>}
      description={
        <>
          <p style={{ margin: 0 }}>
            Còn {p.notAppraised.length}/{sheets} biểu chưa thẩm định xong (
            {namesList(p.notAppraised)}): điểm, thứ hạng và hình thức đề nghị khen thưởng còn có thể
            thay đổi.
          </p>
          {p.notReconciled.length > 0 && (
            <p style={{ margin: "4px 0 0" }}>
              Trong đó {p.notReconciled.length} biểu chưa khớp điểm: {namesList(p.notReconciled)}.
            </p>
          )}
          {p.publishedProvisional && (
            <p style={{ margin: "4px 0 0" }}>
              {clusterText(
                "Cụm đã quyết định công bố tạm tính khi các biểu chưa khớp điểm xong",
                overview.cluster.kind,
              )}
              {p.reason ? `: ${p.reason}` : "."}
            </p>
          )}
        </>
      }
    />
  );
}
