import { Alert, Spin, Tabs } from "antd";
import { formatDate } from "../../format.ts";
import { usePeriod } from "../period/period-data.ts";
import { CriteriaEditor } from "./criteria-editor.tsx";
import { PresetView } from "./preset-view.tsx";
import { type Overview, useSchemeBase } from "./scheme-base.ts";

/** Who may change the cluster's criteria now, and if not, why. */
function editRights(overview: Overview): {
  canEdit: boolean;
  needsReason: boolean;
  why: string | null;
} {
  const { you, period } = overview;
  if (period.schemeFrozenAt === null) {
    return you.leadership || you.standing
      ? { canEdit: true, needsReason: false, why: null }
      : {
          canEdit: false,
          needsReason: false,
          why: "Chỉ Cụm trưởng, Cụm phó hoặc cơ quan thường trực được xây dựng bộ tiêu chí của Cụm.",
        };
  }
  const since = `Cụm đã bắt đầu chấm điểm từ ${formatDate(period.schemeFrozenAt)}`;
  return you.standing
    ? { canEdit: true, needsReason: true, why: null }
    : {
        canEdit: false,
        needsReason: false,
        why: `${since}: chỉ cơ quan thường trực được sửa bộ tiêu chí, bằng một quyết định có ghi lý do.`,
      };
}

/** Bộ tiêu chí: the cluster's criteria as a tree built on the preset, and the preset itself. */
export function SchemeBuilderPage() {
  const period = usePeriod();
  const overview = period.data as Overview | undefined;
  const scheme = useSchemeBase(overview);
  if (period.isError) return <Alert type="error" showIcon title={period.error.message} />;
  if (!overview || scheme.pending) return <Spin />;
  if (scheme.error) return <Alert type="error" showIcon title={scheme.error} />;
  if (!scheme.base || !scheme.preset) {
    return (
      <Alert
        type="error"
        showIcon
        title={`Không tìm thấy bộ tiêu chí mẫu "${overview.period.schemeId}" hoặc khung tiêu chí của kỳ thi đua này.`}
      />
    );
  }
  const rights = editRights(overview);
  return (
    <Tabs
      items={[
        {
          key: "cluster",
          label: "Bộ tiêu chí của Cụm",
          children: (
            <CriteriaEditor
              key={overview.period.version}
              overview={overview}
              base={scheme.base}
              {...rights}
            />
          ),
        },
        {
          key: "preset",
          label: overview.framework ? "Khung tiêu chí và bộ mẫu" : "Bộ tiêu chí mẫu",
          children: (
            <PresetView
              preset={scheme.preset}
              framework={overview.framework ?? null}
              base={scheme.base}
            />
          ),
        },
      ]}
    />
  );
}
