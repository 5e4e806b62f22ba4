/**
 * A province to measure on: `loadProvince` loads N clusters of about ten units, each with one
 * or more finished years, through the product's own write path — `createLevel`, `createUser`,
 * `createCluster`, `importUnits`, and `importYear` for every cluster-year, which takes a
 * `tdkt-scenario/1` file as the product's import does (the engine checks the file first; every
 * score becomes an appraised value with its audit row).
 *
 * What a province looks like under two-level local government (province and commune): the
 * province with its standing agency (Ban Thi đua - Khen thưởng, Sở Nội vụ); clusters of wards
 * and of communes, highland communes, blocks of the province's departments, of the party
 * boards, Front and mass organisations, and of enterprises, in turn. Each kind of cluster keeps
 * its reference preset and specialises it as clusters do (DOMAIN.md 4): a ward or commune
 * cluster splits Ba Đình's sections I and II into 138 items (146 criteria on a sheet), a block
 * of departments splits every item of the Long Biên framework (93), the highland communes
 * split Vùng cao's sections II and III (69), the party and mass organisations Lạng Sơn sheet
 * D's section I (62); the enterprises keep Lạng Sơn sheet B as the province issued it (28).
 * Ten clusters in turn: five of wards or communes, two of departments, one of each other kind,
 * 107.5 scores a unit on average (200 cluster-years of 10 units: 215,000 scores).
 *
 * Scores come from a seeded PRNG over the realistic range of each kind of criterion (points
 * mostly 60–100 % of the maximum, figures around the plan, few deductions, one unit per
 * one-unit bonus, role bonuses to their roles); leader and deputy rotate with the years; a few
 * units carry a flag, a party rating below "good", or no registration; ballots the engine asks
 * for are recorded as held. The same seed loads the same province.
 *
 * Every unit has a head who signs for it (a made-up name, the title its kind of body writes).
 *
 * Accounts: the standing agency of the province (`bantdkt-<slug>`) and, per cluster, its last
 * unit (a member every year: `<code of the unit>`), all with the demo password and no change
 * required. The name is the key: a province of that name already in the database is refused
 * (a Vietnamese message), so a second province needs another `name`.
 */
import { eq } from "drizzle-orm";
import type { ScoreValue } from "../../core/evaluate.ts";
import type { UnitKind } from "../../core/labels.ts";
import { evaluateScenario, type ScenarioInput, schemeOf } from "../../core/scenario.ts";
import {
  type Criterion,
  type CriterionChange,
  equalShares,
  type PartyRating,
  type Role,
  type Scheme,
  type UnitFlag,
} from "../../core/scheme.ts";
import { createCluster } from "../commands/organisation/create-cluster.ts";
import { createLevel } from "../commands/organisation/create-level.ts";
import { createUser } from "../commands/organisation/create-user.ts";
import { importUnits } from "../commands/organisation/import-units.ts";
import { importYear } from "../commands/periods/import-year.ts";
import type { Db } from "../db/client.ts";
import { levels } from "../db/schema.ts";
import { badRequest, conflict } from "../errors.ts";
import { DEMO_PASSWORD } from "./demo.ts";
import { headName, headTitle } from "./heads.ts";
import { prng } from "./random.ts";

export const PROVINCE_PASSWORD = DEMO_PASSWORD;
export const DEFAULT_PROVINCE_NAME = "Tỉnh Hà Sơn";
/** The last finished year: with `years: 2`, each cluster has 2024 and 2025. */
export const LAST_YEAR = 2025;

export interface ProvinceOptions {
  clusters: number;
  /** Units of each cluster (3–50); default 10. */
  unitsPerCluster?: number;
  /** Finished years of each cluster, the last one LAST_YEAR (1–10); default 1. */
  years?: number;
  /** The PRNG's seed: the same seed, the same province; default 20261203. */
  seed?: number;
  /** Who the audit rows name; default the province's standing-agency account it creates. */
  actorId?: number;
  /** The province's name (a level of kind province); default DEFAULT_PROVINCE_NAME. */
  name?: string;
  /** After each cluster-year: how many of how many, and which. */
  onProgress?: (done: number, total: number, loaded: { cluster: string; year: string }) => void;
}

export interface ProvinceAccount {
  username: string;
  displayName: string;
  role: "standing" | "unit";
  unitId: number | null;
  clusterId: number | null;
}

export interface LoadedProvince {
  levelId: number;
  clusterIds: number[];
  /** Every cluster-year, cluster by cluster, oldest year first. */
  periodIds: number[];
  /** The units of the province, cluster by cluster. */
  unitIds: number[];
  /** Scores written (one appraised value per unit and criterion). */
  scores: number;
  /** The standing agency first, then one member unit per cluster (password PROVINCE_PASSWORD). */
  accounts: ProvinceAccount[];
}

/* ---------- the criteria clusters write (titles as on their sheets) ---------- */

/** m: points given (định tính); r: figure against plan (định lượng); l: lower is better. */
type Item = readonly [title: string, kind: "m" | "r" | "l"];
interface Pool {
  title: string;
  items: readonly Item[];
}

const ECONOMY: Pool = {
  title: "Phát triển kinh tế, thu ngân sách nhà nước",
  items: [
    ["Thu ngân sách nhà nước trên địa bàn", "r"],
    ["Thu thuế công thương nghiệp ngoài quốc doanh", "r"],
    ["Thu tiền sử dụng đất", "r"],
    ["Thu phí, lệ phí", "r"],
    ["Thu hồi nợ đọng thuế", "r"],
    ["Giải ngân vốn đầu tư công được giao", "r"],
    ["Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "r"],
    ["Số hộ kinh doanh đăng ký mới", "r"],
    ["Số doanh nghiệp thành lập mới", "r"],
    ["Quản lý thị trường, chống buôn lậu, gian lận thương mại", "m"],
    ["Phát triển kinh tế tập thể, hợp tác xã", "m"],
    ["Thực hiện Chương trình mỗi xã một sản phẩm (OCOP)", "m"],
    ["Phát triển du lịch, dịch vụ trên địa bàn", "m"],
    ["Quản lý, điều hành dự toán ngân sách cấp xã", "m"],
  ],
};

const URBAN: Pool = {
  title: "Quản lý đô thị, đất đai, xây dựng",
  items: [
    ["Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "r"],
    ["Bàn giao mặt bằng các dự án trên địa bàn", "r"],
    ["Tỷ lệ hồ sơ cấp giấy phép xây dựng giải quyết đúng hạn", "r"],
    ["Số công trình vi phạm trật tự xây dựng phát sinh mới", "l"],
    ["Quản lý trật tự đô thị, lòng đường, vỉa hè", "m"],
    ["Chỉnh trang đô thị, chiếu sáng, cây xanh", "m"],
    ["Quản lý quy hoạch, kiến trúc", "m"],
    ["Quản lý, sử dụng nhà chung cư, nhà tái định cư", "m"],
    ["Phòng cháy, chữa cháy và cứu nạn, cứu hộ tại khu dân cư", "m"],
    ["Quản lý đất công, chống lấn chiếm", "m"],
    ["Xây dựng nông thôn mới, đô thị văn minh", "m"],
    ["Duy tu, bảo trì hạ tầng giao thông, thoát nước", "m"],
  ],
};

const ENVIRONMENT: Pool = {
  title: "Tài nguyên, môi trường",
  items: [
    ["Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "r"],
    ["Tỷ lệ hộ gia đình phân loại rác tại nguồn", "r"],
    ["Tỷ lệ hộ dân sử dụng nước sạch", "r"],
    ["Số điểm tồn đọng rác thải, ô nhiễm môi trường", "l"],
    ["Kiểm soát ô nhiễm không khí, tiếng ồn", "m"],
    ["Bảo vệ nguồn nước, ao hồ, kênh mương", "m"],
    ["Giải quyết đơn thư, kiến nghị về môi trường", "m"],
    ["Tuyên truyền bảo vệ môi trường, chống rác thải nhựa", "m"],
    ["Quản lý khoáng sản, tài nguyên nước", "m"],
    ["Phòng, chống thiên tai, ứng phó biến đổi khí hậu", "m"],
  ],
};

const SOCIETY: Pool = {
  title: "Văn hóa, xã hội, lao động",
  items: [
    ["Tỷ lệ hộ nghèo", "l"],
    ["Tỷ lệ hộ cận nghèo", "l"],
    ["Số lao động được giải quyết việc làm mới", "r"],
    ["Tỷ lệ gia đình đạt danh hiệu Gia đình văn hóa", "r"],
    ["Tỷ lệ tổ dân phố, thôn đạt danh hiệu văn hóa", "r"],
    ["Tỷ lệ dân số tham gia bảo hiểm y tế", "r"],
    ["Số người tham gia bảo hiểm xã hội tự nguyện", "r"],
    ["Chăm sóc người có công, đối tượng bảo trợ xã hội", "m"],
    ["Phong trào thể dục, thể thao quần chúng", "m"],
    ["Quản lý di tích, lễ hội, hoạt động văn hóa", "m"],
    ["Bảo vệ, chăm sóc trẻ em; bình đẳng giới", "m"],
    ["Thông tin, tuyên truyền cơ sở", "m"],
    ["Xây dựng văn hóa ứng xử nơi công cộng", "m"],
  ],
};

const EDUCATION: Pool = {
  title: "Giáo dục, y tế, dân số",
  items: [
    ["Tỷ lệ trường đạt chuẩn quốc gia", "r"],
    ["Tỷ lệ trẻ trong độ tuổi được huy động đến trường", "r"],
    ["Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "r"],
    ["Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", "l"],
    ["Tỷ lệ sinh con thứ ba trở lên", "l"],
    ["Số cơ sở thực phẩm được kiểm tra an toàn thực phẩm", "r"],
    ["Phổ cập giáo dục, xóa mù chữ", "m"],
    ["Phòng, chống dịch bệnh", "m"],
    ["Xây dựng xã hội học tập, khuyến học, khuyến tài", "m"],
    ["Quản lý hành nghề y, dược tư nhân", "m"],
    ["Chăm sóc sức khỏe người cao tuổi", "m"],
    ["Cơ sở vật chất trường học, trạm y tế", "m"],
  ],
};

const REFORM: Pool = {
  title: "Cải cách hành chính, chuyển đổi số",
  items: [
    ["Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "r"],
    ["Tỷ lệ hồ sơ nộp trực tuyến toàn trình", "r"],
    ["Tỷ lệ thanh toán trực tuyến phí, lệ phí", "r"],
    ["Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa", "r"],
    ["Tỷ lệ người dân có tài khoản định danh điện tử", "r"],
    ["Tỷ lệ văn bản đi được ký số", "r"],
    ["Chỉ số hài lòng của người dân, tổ chức", "m"],
    ["Kiểm soát thủ tục hành chính, niêm yết công khai", "m"],
    ["Kỷ luật, kỷ cương hành chính, văn hóa công vụ", "m"],
    ["Cập nhật, làm sạch cơ sở dữ liệu quốc gia về dân cư", "m"],
    ["Vận hành bộ phận một cửa", "m"],
    ["Ứng dụng công nghệ thông tin trong điều hành", "m"],
    ["Xây dựng chính quyền số, xã hội số", "m"],
  ],
};

const SECURITY: Pool = {
  title: "Quốc phòng, an ninh, trật tự an toàn xã hội",
  items: [
    ["Hoàn thành chỉ tiêu tuyển chọn và gọi công dân nhập ngũ", "r"],
    ["Số vụ phạm pháp hình sự", "l"],
    ["Số vụ tai nạn giao thông", "l"],
    ["Tỷ lệ điều tra, khám phá án", "r"],
    ["Tỷ lệ giải quyết đơn thư khiếu nại, tố cáo", "r"],
    ["Tỷ lệ hòa giải thành ở cơ sở", "r"],
    ["Xây dựng lực lượng dân quân tự vệ, dự bị động viên", "m"],
    ["Diễn tập khu vực phòng thủ, phòng thủ dân sự", "m"],
    ["Phong trào toàn dân bảo vệ an ninh Tổ quốc", "m"],
    ["Phòng, chống ma túy, tệ nạn xã hội", "m"],
    ["Tiếp công dân định kỳ, đột xuất", "m"],
    ["Quản lý cư trú, lưu trú", "m"],
    ["Giáo dục quốc phòng và an ninh", "m"],
  ],
};

const INTEGRITY: Pool = {
  title: "Thanh tra, phòng, chống tham nhũng, tiêu cực, lãng phí",
  items: [
    ["Tỷ lệ kiến nghị sau thanh tra, kiểm tra được thực hiện", "r"],
    ["Tiết kiệm chi thường xuyên", "r"],
    ["Kê khai tài sản, thu nhập", "m"],
    ["Công khai, minh bạch tài chính, ngân sách", "m"],
    ["Thực hành tiết kiệm, chống lãng phí", "m"],
    ["Kiểm soát xung đột lợi ích", "m"],
    ["Chuyển đổi vị trí công tác", "m"],
    ["Tự kiểm tra nội bộ", "m"],
  ],
};

const PARTY: Pool = {
  title: "Xây dựng Đảng",
  items: [
    ["Học tập, quán triệt nghị quyết, chỉ thị của Đảng", "m"],
    ["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "m"],
    ["Kết nạp đảng viên mới", "r"],
    ["Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "r"],
    ["Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên", "r"],
    ["Công tác kiểm tra, giám sát của Đảng", "m"],
    ["Công tác bảo vệ chính trị nội bộ", "m"],
    ["Chất lượng sinh hoạt chi bộ", "m"],
    ["Thu, nộp, quản lý đảng phí", "m"],
    ["Đấu tranh phản bác các quan điểm sai trái, thù địch", "m"],
    ["Công tác cán bộ, quy hoạch, đào tạo, bồi dưỡng", "m"],
    ["Thực hiện quy chế làm việc của cấp ủy", "m"],
    ["Công tác tuyên giáo", "m"],
  ],
};

const GOVERNMENT: Pool = {
  title: "Xây dựng chính quyền",
  items: [
    ["Tổ chức kỳ họp Hội đồng nhân dân đúng luật", "m"],
    ["Giám sát, tiếp xúc cử tri của đại biểu Hội đồng nhân dân", "m"],
    ["Tỷ lệ kiến nghị của cử tri được giải quyết", "r"],
    ["Sắp xếp tổ chức bộ máy, vị trí việc làm", "m"],
    ["Quản lý, đánh giá cán bộ, công chức", "m"],
    ["Tỷ lệ cán bộ, công chức đạt chuẩn", "r"],
    ["Thực hiện quy chế làm việc, chế độ họp", "m"],
    ["Công tác văn thư, lưu trữ", "m"],
    ["Công tác thống kê", "m"],
    ["Chế độ thông tin, báo cáo", "m"],
    ["Quản lý, sử dụng tài sản công", "m"],
  ],
};

const FRONT: Pool = {
  title: "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội",
  items: [
    ["Tỷ lệ tập hợp đoàn viên, hội viên", "r"],
    ['Cuộc vận động "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh"', "m"],
    ['Cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam"', "m"],
    ['Vận động Quỹ "Vì người nghèo"', "r"],
    ["Hoạt động của Hội Cựu chiến binh", "m"],
    ["Hoạt động của Hội Liên hiệp Phụ nữ", "m"],
    ["Hoạt động của Đoàn Thanh niên Cộng sản Hồ Chí Minh", "m"],
    ["Hoạt động của Hội Nông dân", "m"],
    ["Giám sát và phản biện xã hội", "m"],
    ["Hoạt động của Ban Công tác Mặt trận khu dân cư", "m"],
  ],
};

const OUTREACH: Pool = {
  title: "Dân vận, dân chủ ở cơ sở, pháp luật",
  items: [
    ["Thực hiện Luật Thực hiện dân chủ ở cơ sở", "m"],
    ['Xây dựng mô hình "Dân vận khéo"', "m"],
    ["Phổ biến, giáo dục pháp luật", "m"],
    ["Xây dựng cấp xã đạt chuẩn tiếp cận pháp luật", "m"],
    ["Tỷ lệ văn bản quy phạm pháp luật được kiểm tra, rà soát", "r"],
    ["Trợ giúp pháp lý, hòa giải ở cơ sở", "m"],
    ["Công tác tôn giáo, dân tộc", "m"],
    ["Công tác đối ngoại nhân dân", "m"],
    ["Tiếp nhận, trả lời phản ánh, kiến nghị qua hệ thống thông tin", "m"],
  ],
};

const EMULATION: Pool = {
  title: "Công tác thi đua, khen thưởng",
  items: [
    ["Ban hành kế hoạch, hướng dẫn thi đua năm", "m"],
    ["Phát động phong trào thi đua thường xuyên", "m"],
    ["Phát động phong trào thi đua theo đợt, chuyên đề", "m"],
    ["Sơ kết, tổng kết phong trào thi đua", "m"],
    ["Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", "m"],
    ["Tỷ lệ khen thưởng người lao động trực tiếp", "r"],
    ["Chất lượng hồ sơ đề nghị khen thưởng", "m"],
    ["Tham gia hoạt động của Cụm, Khối thi đua", "m"],
    ["Chế độ thông tin, báo cáo thi đua, khen thưởng", "m"],
    ["Bồi dưỡng nghiệp vụ thi đua, khen thưởng", "m"],
    ["Tuyên truyền gương người tốt, việc tốt", "m"],
    ["Kiện toàn Hội đồng Thi đua - Khen thưởng", "m"],
  ],
};

const MISSION: Pool = {
  title: "Nhiệm vụ chuyên môn của cơ quan",
  items: [
    ["Hoàn thành chỉ tiêu kế hoạch năm được giao", "r"],
    ["Tỷ lệ nhiệm vụ Ủy ban nhân dân tỉnh giao hoàn thành đúng hạn", "r"],
    ["Tham mưu ban hành văn bản quy phạm pháp luật", "m"],
    ["Tỷ lệ văn bản tham mưu được ban hành đúng hạn", "r"],
    ["Hướng dẫn, kiểm tra chuyên môn đối với cấp xã", "m"],
    ["Quản lý nhà nước về ngành, lĩnh vực phụ trách", "m"],
    ["Thanh tra, kiểm tra chuyên ngành", "m"],
    ["Giải ngân vốn đầu tư công được giao", "r"],
    ["Phối hợp với các sở, ngành, địa phương", "m"],
    ["Thực hiện kết luận, chỉ đạo của lãnh đạo tỉnh", "m"],
    ["Xây dựng, cập nhật cơ sở dữ liệu chuyên ngành", "m"],
    ["Tổng kết, đánh giá thi hành pháp luật trong lĩnh vực", "m"],
  ],
};

const PROGRAMMES: Pool = {
  title: "Chương trình, đề án, nhiệm vụ trọng tâm",
  items: [
    ["Chương trình chuyển đổi số của ngành", "m"],
    ["Đề án phát triển nguồn nhân lực", "m"],
    ["Tỷ lệ nhiệm vụ trọng tâm hoàn thành", "r"],
    ["Nhiệm vụ đột xuất do Tỉnh ủy, Ủy ban nhân dân tỉnh giao", "m"],
    ["Chương trình mục tiêu quốc gia giảm nghèo bền vững", "m"],
    ["Chương trình mục tiêu quốc gia xây dựng nông thôn mới", "m"],
    ["Chương trình phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số", "m"],
    ["Cải thiện môi trường đầu tư, kinh doanh", "m"],
    ["Tỷ lệ vốn chương trình, đề án được giải ngân", "r"],
    ["Sắp xếp tổ chức bộ máy theo chủ trương của Trung ương", "m"],
  ],
};

/** Leaves under `parent`, sharing `max` equally (the remaining hundredths to the first). */
function leaves(parent: string, max: number, items: readonly Item[]): CriterionChange[] {
  const shares = equalShares(max, items.length);
  return items.map(([title, kind], i) => ({
    id: `${parent}.${i + 1}`,
    parent,
    title,
    max: shares[i] as number,
    kind: kind === "m" ? "manual" : "ratio",
    ...(kind === "l" ? { lowerIsBetter: true } : {}),
  }));
}

/** A new group of the pool's items under `parent`. */
function group(id: string, parent: string, pool: Pool, max: number): CriterionChange[] {
  return [{ id, parent, title: pool.title, max }, ...leaves(id, max, pool.items)];
}

/** Ward and commune clusters: Ba Đình's sections I and II split into 12 fields, 138 items. */
const LOCALITY_CRITERIA: CriterionChange[] = [
  ...group("I.1", "I", ECONOMY, 90),
  ...group("I.2", "I", URBAN, 80),
  ...group("I.3", "I", ENVIRONMENT, 60),
  ...group("I.4", "I", SOCIETY, 80),
  ...group("I.5", "I", EDUCATION, 60),
  ...group("I.6", "I", REFORM, 80),
  ...group("I.7", "I", SECURITY, 80),
  ...group("I.8", "I", INTEGRITY, 50),
  ...group("II.1", "II", PARTY, 70),
  ...group("II.2", "II", GOVERNMENT, 40),
  ...group("II.3", "II", FRONT, 45),
  ...group("II.4", "II", OUTREACH, 45),
];

/** Blocks of departments: every item of the Long Biên framework split as the block writes it. */
const DEPARTMENT_CRITERIA: CriterionChange[] = [
  ...leaves("I.1", 300, MISSION.items),
  ...leaves("I.2", 200, PROGRAMMES.items),
  ...leaves("I.3", 50, REFORM.items),
  ...leaves(
    "I.4",
    50,
    SECURITY.items.filter(([, kind]) => kind === "m"),
  ),
  ...leaves("II.1", 50, GOVERNMENT.items),
  ...group("II.2.1", "II.2", PARTY, 120),
  ...group("II.2.2", "II.2", FRONT, 80),
  ...leaves("III.1", 30, EMULATION.items.slice(0, 3)),
  ...leaves("III.2", 30, EMULATION.items.slice(3, 6)),
  ...leaves("III.3", 30, EMULATION.items.slice(6, 9)),
  ...leaves("III.4", 10, EMULATION.items.slice(9)),
];

/** Highland communes: Vùng cao's twelve indicators weighted, sections II and III split. */
const HIGHLAND_CRITERIA: CriterionChange[] = [
  ...[100, 50, 50, 50, 40, 40, 50, 40, 30, 40, 30, 30].map((max, i) => ({ id: `I.${i + 1}`, max })),
  ...group("II.1", "II", PARTY, 70),
  ...group("II.2", "II", GOVERNMENT, 50),
  ...group("II.3", "II", FRONT, 40),
  ...group("II.4", "II", OUTREACH, 40),
  ...leaves("III", 200, EMULATION.items),
];

/** Party boards, Front and mass organisations: Lạng Sơn sheet D's section I, as the block writes it. */
const ORGANISATION_CRITERIA: CriterionChange[] = [
  ...group("I.1", "I", MISSION, 36),
  ...group("I.2", "I", REFORM, 20),
  ...group("I.3", "I", INTEGRITY, 14),
  ...group("I.4", "I", OUTREACH, 24),
  { id: "I.5", parent: "I", title: "Điểm thưởng", max: 6, kind: "manual" },
];

/* ---------- names ---------- */

// biome-ignore format: a table of syllables
const FIRST = [
  "Tân", "Hòa", "Phú", "Long", "An", "Bình", "Thạnh", "Đông", "Tây", "Nam", "Bắc", "Quảng",
  "Phước", "Vĩnh", "Thái", "Hưng", "Minh", "Thanh", "Kim", "Hồng", "Đức", "Trung", "Hải", "Sơn",
  "Yên", "Lạc", "Mỹ", "Hiệp", "Thuận", "Phong", "Quang", "Gia", "Cẩm", "Văn", "Ngọc", "Xuân",
];
// biome-ignore format: a table of syllables
const SECOND = [
  "Lập", "Bình", "Hòa", "Thành", "Phú", "An", "Hưng", "Lộc", "Thịnh", "Tiến", "Phong", "Sơn",
  "Hải", "Xuân", "Mỹ", "Đông", "Tây", "Long", "Lợi", "Khánh", "Trung", "Thọ", "Nghĩa", "Quang",
  "Hiệp", "Phước", "Định", "Tân", "Yên", "Thủy",
];
// biome-ignore format: a table of syllables
const HIGHLAND_FIRST = [
  "Mường", "Nậm", "Pa", "Sín", "Tả", "Chiềng", "Na", "Huổi", "Phìn", "Xín", "Quài", "Búng",
  "Háng", "Mồ",
];
// biome-ignore format: a table of syllables
const HIGHLAND_SECOND = [
  "Chà", "Nhé", "Pồ", "Lay", "Tùng", "Mun", "Ang", "Hồ", "Thàng", "Sáng", "Khoa", "Pồng", "Lư",
  "Chải", "Phăng", "Toong",
];

const combos = (first: string[], second: string[]) =>
  first.flatMap((a) => second.filter((b) => b !== a).map((b) => `${a} ${b}`));

/** Agencies of the province after the 2025 reorganisation, then its public service centres. */
const DEPARTMENTS = (p: string) => [
  `Văn phòng Ủy ban nhân dân ${p}`,
  `Sở Nội vụ ${p}`,
  `Sở Tài chính ${p}`,
  `Sở Tư pháp ${p}`,
  `Sở Xây dựng ${p}`,
  `Sở Công Thương ${p}`,
  `Sở Nông nghiệp và Môi trường ${p}`,
  `Sở Khoa học và Công nghệ ${p}`,
  `Sở Giáo dục và Đào tạo ${p}`,
  `Sở Y tế ${p}`,
  `Sở Văn hóa, Thể thao và Du lịch ${p}`,
  `Sở Dân tộc và Tôn giáo ${p}`,
  `Sở Ngoại vụ ${p}`,
  `Thanh tra ${p}`,
  `Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân ${p}`,
  `Ban Quản lý các khu công nghiệp ${p}`,
  `Đài Phát thanh và Truyền hình ${p}`,
  `Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp ${p}`,
  `Ban Quản lý dự án đầu tư xây dựng các công trình giao thông ${p}`,
  `Quỹ Đầu tư phát triển ${p}`,
  ...[
    "Trung tâm Kiểm soát bệnh tật",
    "Trung tâm Dịch vụ việc làm",
    "Trung tâm Khuyến nông",
    "Trung tâm Quan trắc tài nguyên và môi trường",
    "Trung tâm Phát triển quỹ đất",
    "Trung tâm Công nghệ thông tin và truyền thông",
    "Trung tâm Xúc tiến đầu tư, thương mại và du lịch",
    "Trung tâm Trợ giúp pháp lý nhà nước",
    "Trung tâm Phục vụ hành chính công",
    "Trung tâm Văn hóa, Điện ảnh",
    "Trung tâm Bảo trợ xã hội",
    "Trung tâm Giám định y khoa",
  ].flatMap((c) =>
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"].map((k) => `${c} khu vực ${k}`),
  ),
];

const ORGANISATIONS = (p: string) => [
  "Văn phòng Tỉnh ủy",
  "Ban Tổ chức Tỉnh ủy",
  "Ban Tuyên giáo và Dân vận Tỉnh ủy",
  "Ban Nội chính Tỉnh ủy",
  "Ủy ban Kiểm tra Tỉnh ủy",
  "Đảng ủy các cơ quan Đảng tỉnh",
  "Đảng ủy Ủy ban nhân dân tỉnh",
  `Ủy ban Mặt trận Tổ quốc Việt Nam ${p}`,
  `Hội Nông dân ${p}`,
  `Hội Liên hiệp Phụ nữ ${p}`,
  "Tỉnh đoàn",
  `Hội Cựu chiến binh ${p}`,
  `Liên đoàn Lao động ${p}`,
  `Hội Chữ thập đỏ ${p}`,
  `Liên hiệp các Hội Khoa học và Kỹ thuật ${p}`,
  `Hội Nhà báo ${p}`,
  `Hội Văn học Nghệ thuật ${p}`,
  `Liên minh Hợp tác xã ${p}`,
  `Trường Chính trị ${p}`,
  `Trường Cao đẳng Sư phạm ${p}`,
  `Trường Cao đẳng Y tế ${p}`,
  `Trường Cao đẳng Kỹ thuật - Công nghệ ${p}`,
  `Thuế ${p}`,
  `Bảo hiểm xã hội ${p}`,
  `Thống kê ${p}`,
  `Kho bạc Nhà nước khu vực ${p}`,
  ...[
    "Hội Khuyến học",
    "Hội Người cao tuổi",
    "Hội Luật gia",
    "Hội Đông y",
    "Hội Người mù",
    "Hội Bảo trợ người khuyết tật và trẻ mồ côi",
    "Hội Nạn nhân chất độc da cam/dioxin",
    "Hội Cựu thanh niên xung phong",
    "Hội Làm vườn",
    "Hội Doanh nhân trẻ",
    "Hiệp hội Doanh nghiệp",
    "Hội Hữu nghị Việt Nam - Lào",
  ].map((h) => `${h} ${p}`),
];

const ENTERPRISES = (short: string) => [
  ...[
    "Công ty Điện lực",
    "Công ty Cổ phần Cấp thoát nước",
    "Công ty Cổ phần Môi trường đô thị",
    "Công ty TNHH Một thành viên Xổ số kiến thiết",
    "Công ty Cổ phần Xi măng",
    "Công ty Cổ phần Xây dựng Giao thông",
    "Công ty TNHH Một thành viên Khai thác công trình thủy lợi",
    "Công ty Cổ phần Dược phẩm",
    "Công ty Cổ phần Vận tải hành khách",
    "Công ty Cổ phần Sách và Thiết bị trường học",
    "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh",
    "Ngân hàng Thương mại cổ phần Công thương chi nhánh",
    "Công ty Cổ phần Lâm nghiệp",
    "Công ty Cổ phần Bến xe",
    "Công ty TNHH Một thành viên Lâm nghiệp",
    "Công ty Cổ phần Chè",
  ].map((e) => `${e} ${short}`),
  ...combos(FIRST, SECOND).map((n) => `Công ty Cổ phần ${n}`),
];

/** Names handed out in a shuffled order, each once; past the end, numbered ("… số 2"). */
class NameBook {
  private next = 0;
  private round = 1;
  constructor(private readonly names: string[]) {}
  take(): string {
    if (this.next === this.names.length) {
      this.next = 0;
      this.round++;
    }
    const name = this.names[this.next++] as string;
    return this.round === 1 ? name : `${name} số ${this.round}`;
  }
}

/* ---------- kinds of cluster ---------- */

interface ClusterKind {
  preset: string;
  criteria: CriterionChange[];
  kind: "cluster" | "block";
  memberKind: "ward" | "school" | "other";
  unitKind: UnitKind;
  /** "Cụm thi đua số 3 các phường" */
  title: (n: number) => string;
  book: "localities" | "highland" | "departments" | "organisations" | "enterprises";
  /** Prefix of a unit's name taken from the book ("Phường ", "Xã "), if any. */
  prefix: string;
}

const WARDS: ClusterKind = {
  preset: "ba-dinh-2022",
  criteria: LOCALITY_CRITERIA,
  kind: "cluster",
  memberKind: "ward",
  unitKind: "ward",
  title: (n) => `Cụm thi đua số ${n} các phường`,
  book: "localities",
  prefix: "Phường ",
};
const COMMUNES: ClusterKind = {
  ...WARDS,
  unitKind: "commune",
  title: (n) => `Cụm thi đua số ${n} các xã`,
  prefix: "Xã ",
};
const DEPARTMENT_BLOCK: ClusterKind = {
  preset: "long-bien-2024",
  criteria: DEPARTMENT_CRITERIA,
  kind: "block",
  memberKind: "other",
  unitKind: "department",
  title: (n) => `Khối thi đua số ${n} các sở, ban, ngành`,
  book: "departments",
  prefix: "",
};
const HIGHLAND: ClusterKind = {
  preset: "vung-cao-2022",
  criteria: HIGHLAND_CRITERIA,
  kind: "cluster",
  memberKind: "other",
  unitKind: "commune",
  title: (n) => `Cụm thi đua số ${n} các xã vùng cao`,
  book: "highland",
  prefix: "Xã ",
};
const ORGANISATION_BLOCK: ClusterKind = {
  preset: "lang-son-2019/D",
  criteria: ORGANISATION_CRITERIA,
  kind: "block",
  memberKind: "other",
  unitKind: "association",
  title: (n) => `Khối thi đua số ${n} các cơ quan Đảng, Mặt trận, đoàn thể`,
  book: "organisations",
  prefix: "",
};
const ENTERPRISE_BLOCK: ClusterKind = {
  preset: "lang-son-2019/B",
  criteria: [],
  kind: "block",
  memberKind: "other",
  unitKind: "enterprise",
  title: (n) => `Khối thi đua số ${n} các doanh nghiệp`,
  book: "enterprises",
  prefix: "",
};

/** The clusters of a province in turn: localities most, then the blocks. */
const ROTATION: ClusterKind[] = [
  WARDS,
  DEPARTMENT_BLOCK,
  COMMUNES,
  HIGHLAND,
  WARDS,
  ORGANISATION_BLOCK,
  COMMUNES,
  DEPARTMENT_BLOCK,
  WARDS,
  ENTERPRISE_BLOCK,
];

/* ---------- scores ---------- */

type Random = () => number;

const between = (random: Random, low: number, high: number) => low + random() * (high - low);
const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));

function shuffled<T>(list: readonly T[], random: Random): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Points given out of `max` (hundredths) at `fraction` of it: halves on larger items. */
function pointsAt(maxH: number, fraction: number): number {
  let h = Math.round(maxH * clamp(fraction, 0, 1));
  if (maxH >= 500) h = Math.floor(h / 50) * 50;
  return Math.min(h, maxH) / 100;
}

/** A small count of events: mostly none. */
function fewEvents(random: Random): number {
  const x = random();
  return x < 0.72 ? 0 : x < 0.9 ? 1 : x < 0.97 ? 2 : 3 + Math.floor(random() * 3);
}

/**
 * The size of a criterion's plan figure, the same for every unit of a cluster: revenue and
 * spending in millions of đồng, counts of cases or people, other quantities.
 */
function planSize(c: Criterion): number {
  const [low, high] = /^(Thu |Giải ngân|Tổng mức|Tiết kiệm|Vận động Quỹ)/.test(c.title)
    ? [3_000, 400_000]
    : /^(Số |Kết nạp|Cấp |Hoàn thành chỉ tiêu tuyển)/.test(c.title)
      ? [10, 400]
      : [100, 2_000];
  let h = 0;
  for (const ch of c.id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return low * (high / low) ** ((h % 1000) / 1000);
}

function ratioValue(c: Criterion, strength: number, random: Random): ScoreValue {
  const percent = c.title.startsWith("Tỷ lệ");
  const noise = between(random, -0.06, 0.06);
  if (c.lowerIsBetter) {
    const plan = percent ? round1(between(random, 1.2, 7.5)) : Math.round(between(random, 8, 90));
    const actual = plan * clamp(1.25 - strength * 0.35 + noise, 0.7, 1.35);
    return { plan, actual: percent ? round1(actual) : Math.round(actual) };
  }
  const achieved = clamp(0.78 + strength * 0.27 + noise, 0.6, 1.2);
  if (percent) {
    const plan = round1(between(random, 60, 98));
    return { plan, actual: Math.min(100, round1(plan * achieved)) };
  }
  const plan = Math.max(1, Math.round(planSize(c) * between(random, 0.7, 1.4)));
  return { plan, actual: round1(plan * achieved) };
}

interface YearUnitPlan {
  code: string;
  name: string;
  role: Role;
  strength: number;
}

/** A complete appraised sheet for every unit of a cluster-year. */
function sheets(
  scheme: Scheme,
  units: YearUnitPlan[],
  random: Random,
): Record<string, Record<string, ScoreValue>> {
  const out: Record<string, Record<string, ScoreValue>> = Object.fromEntries(
    units.map((u) => [u.code, {}]),
  );
  const best = [...units].sort((a, b) => b.strength - a.strength);
  for (const c of scheme.preOrder) {
    if (c.kind === "group") continue;
    const maxH = c.max ?? 0;
    // a one-unit bonus goes to one of the best units it is meant for, or to none this year
    const eligible = best.filter((u) => !c.roles || c.roles.includes(u.role));
    const oneUnit =
      c.onePerCluster && !c.highestShare && eligible.length > 0 && random() < 0.8
        ? (eligible[Math.floor(random() * Math.min(3, eligible.length))] as YearUnitPlan).code
        : null;
    for (const u of units) {
      const sheet = out[u.code] as Record<string, ScoreValue>;
      let v: ScoreValue;
      switch (c.kind) {
        case "manual":
        case "external":
          if (c.highestShare) {
            const share = round1(between(random, 8, 40));
            v = { share, previousShare: round1(share * between(random, 0.85, 1.1)) };
          } else if (c.onePerCluster) {
            v = u.code === oneUnit ? pointsAt(maxH, between(random, 0.5, 1)) : 0;
          } else if (c.roles && !c.roles.includes(u.role)) {
            v = 0;
          } else {
            v = pointsAt(maxH, u.strength + between(random, -0.08, 0.06));
          }
          break;
        case "ratio":
          v = ratioValue(c, u.strength, random);
          break;
        case "level": {
          const submitted = random() < 0.05 ? 0 : 3 + Math.floor(random() * 18);
          const ineligible =
            submitted === 0 || random() < 0.7 ? 0 : Math.min(submitted, 1 + fewEvents(random));
          v = { submitted, ineligible };
          break;
        }
        case "lossPerItem":
          v = { missing: Math.min(fewEvents(random), 2) };
          break;
        case "deduction": {
          const categories = Object.keys(c.categories);
          if (categories.length > 0) {
            const counts: Record<string, number> = {};
            for (const k of categories) if (random() < 0.08) counts[k] = 1 + fewEvents(random);
            v = { counts };
          } else if (c.tiers.length > 0) {
            v = { count: fewEvents(random) };
          } else {
            const n = fewEvents(random);
            v = n === 0 ? 0 : Math.min(n * 100, maxH || n * 100) / 100;
          }
          break;
        }
      }
      sheet[c.id] = v;
    }
  }
  return out;
}

const FLAGS: UnitFlag[] = [
  "deepReview",
  "pendingViolation",
  "deepReview",
  "publicOutcry",
  "adjustedAfterReconciliation",
  "seriousViolation",
];

function partyRating(random: Random): PartyRating {
  const x = random();
  return x < 0.25 ? "HTXSNV" : x < 0.96 ? "HTTNV" : x < 0.995 ? "HTNV" : "KHTNV";
}

/** The cluster-year file of one year: units with their roles and standing, complete sheets,
 * and the ballots the engine asks for, held (a winner drawn among the candidates). */
function clusterYearFile(
  kind: ClusterKind,
  scheme: Scheme,
  units: { code: string; name: string; strength: number }[],
  year: number,
  yearIndex: number,
  random: Random,
): ScenarioInput {
  // leader and deputy change every year among all but the last unit, which stays a member
  const rotating = units.length - 1;
  const plans: YearUnitPlan[] = units.map((u, i) => ({
    code: u.code,
    name: u.name,
    role:
      i === yearIndex % rotating
        ? "leader"
        : i === (yearIndex + 1) % rotating
          ? "deputy"
          : "member",
    strength: clamp(u.strength + between(random, -0.05, 0.05), 0.5, 0.99),
  }));
  const file = {
    format: "tdkt-scenario/1" as const,
    scheme: kind.preset,
    period: String(year),
    criteria: kind.criteria,
    units: plans.map((u) => ({
      id: u.code,
      name: u.name,
      role: u.role,
      clusterKind: kind.memberKind,
      registered: random() > 0.01,
      pactSigned: random() > 0.005,
      partyRating: partyRating(random),
      flags: random() < 0.03 ? [FLAGS[Math.floor(random() * FLAGS.length)] as UnitFlag] : [],
    })),
    scores: sheets(scheme, plans, random),
    ballots: [] as { award: string; winner: string }[],
  };
  for (let round = 0; round < 5; round++) {
    const needed = evaluateScenario(file).output.ballotsNeeded;
    if (needed.length === 0) break;
    for (const b of needed) {
      const winner = b.candidates[Math.floor(random() * b.candidates.length)] as string;
      file.ballots.push({ award: b.award, winner });
    }
  }
  return file;
}

/* ---------- loading ---------- */

/** "Tỉnh Hà Sơn" → "Hà Sơn" */
const shortName = (name: string) => name.replace(/^(tỉnh|thành phố)\s+/i, "").trim();

/** Lower-case ASCII letters and digits only: "Hà Sơn" → "hason". */
function slugOf(name: string): string {
  return shortName(name)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Load a province of `clusters` clusters × `years` finished years; see the module comment. */
export async function loadProvince(db: Db, options: ProvinceOptions): Promise<LoadedProvince> {
  const unitsPerCluster = options.unitsPerCluster ?? 10;
  const years = options.years ?? 1;
  const name = (options.name ?? DEFAULT_PROVINCE_NAME).trim();
  const slug = slugOf(name).slice(0, 20);
  const wholeIn = (x: number, low: number, high: number) =>
    Number.isInteger(x) && x >= low && x <= high;
  if (!wholeIn(options.clusters, 1, 10_000)) {
    throw badRequest("INVALID_PROVINCE", "Số Cụm phải là số nguyên từ 1 đến 10.000.");
  }
  if (!wholeIn(unitsPerCluster, 3, 50)) {
    throw badRequest("INVALID_PROVINCE", "Số đơn vị mỗi Cụm phải là số nguyên từ 3 đến 50.");
  }
  if (!wholeIn(years, 1, 10)) {
    throw badRequest("INVALID_PROVINCE", "Số năm thi đua phải là số nguyên từ 1 đến 10.");
  }
  if (slug.length < 2) {
    throw badRequest("INVALID_PROVINCE", `Tên tỉnh "${name}" cần có ít nhất hai chữ cái.`);
  }
  const [existing] = await db
    .select({ id: levels.id })
    .from(levels)
    .where(eq(levels.name, name))
    .limit(1);
  if (existing) {
    throw conflict(
      `Cơ sở dữ liệu đã có ${name} (cấp số ${existing.id}): không nạp lại. Đặt tên tỉnh khác (--name "Tỉnh …") hoặc dùng một cơ sở dữ liệu khác.`,
    );
  }

  const random = prng(options.seed ?? 20261203);
  const province = `tỉnh ${shortName(name)}`;
  const level = await createLevel(db, options.actorId ?? null, {
    parentId: null,
    name,
    kind: "province",
    standingAgency: `Ban Thi đua - Khen thưởng, Sở Nội vụ ${province}`,
  });
  const accounts: ProvinceAccount[] = [];
  const standing = await createUser(db, options.actorId ?? null, {
    username: `bantdkt-${slug}`,
    displayName: `Ban Thi đua - Khen thưởng ${province}`,
    password: PROVINCE_PASSWORD,
    role: "standing",
    unitId: null,
    levelId: level.id,
  });
  accounts.push({
    username: standing.username,
    displayName: standing.displayName,
    role: "standing",
    unitId: null,
    clusterId: null,
  });
  const actorId = options.actorId ?? standing.id;

  const books: Record<ClusterKind["book"], NameBook> = {
    localities: new NameBook(shuffled(combos(FIRST, SECOND), random)),
    highland: new NameBook(shuffled(combos(HIGHLAND_FIRST, HIGHLAND_SECOND), random)),
    departments: new NameBook(DEPARTMENTS(province)),
    organisations: new NameBook(ORGANISATIONS(province)),
    enterprises: new NameBook(ENTERPRISES(shortName(name))),
  };
  const schemes = new Map<ClusterKind, Scheme>();
  const schemeFor = (kind: ClusterKind) => {
    let scheme = schemes.get(kind);
    if (!scheme) {
      scheme = schemeOf({ scheme: kind.preset, criteria: kind.criteria });
      schemes.set(kind, scheme);
    }
    return scheme;
  };

  const total = options.clusters * years;
  const numbered = new Map<ClusterKind, number>();
  const out: LoadedProvince = {
    levelId: level.id,
    clusterIds: [],
    periodIds: [],
    unitIds: [],
    scores: 0,
    accounts,
  };
  for (let k = 0; k < options.clusters; k++) {
    const kind = ROTATION[k % ROTATION.length] as ClusterKind;
    const n = (numbered.get(kind) ?? 0) + 1;
    numbered.set(kind, n);
    const cluster = await createCluster(db, actorId, {
      levelId: level.id,
      name: kind.title(n),
      kind: kind.kind,
      memberKind: kind.memberKind,
    });
    out.clusterIds.push(cluster.id);
    const units = Array.from({ length: unitsPerCluster }, (_, i) => ({
      code: `${slug}-${pad(k + 1, 4)}-${pad(i + 1, 2)}`,
      name: `${kind.prefix}${books[kind.book].take()}`,
      strength: between(random, 0.68, 0.96),
    }));
    const listed = await importUnits(
      db,
      actorId,
      cluster.id,
      units.map((u, i) => ({
        code: u.code,
        name: u.name,
        kind: kind.unitKind,
        role: i === 0 ? "leader" : i === 1 ? "deputy" : "member",
        // the head who signs for the unit: made up, the same for the same unit every time
        headName: headName(k * unitsPerCluster + i),
        headTitle: headTitle(u.name, kind.unitKind),
      })),
    );
    out.unitIds.push(...listed.units.map((u) => u.id));
    const member = listed.units[listed.units.length - 1] as (typeof listed.units)[number];
    const user = await createUser(db, actorId, {
      username: member.code,
      displayName: `Cán bộ thi đua — ${member.name}`,
      password: PROVINCE_PASSWORD,
      role: "unit",
      unitId: member.id,
      levelId: null,
    });
    accounts.push({
      username: user.username,
      displayName: user.displayName,
      role: "unit",
      unitId: member.id,
      clusterId: cluster.id,
    });
    const scheme = schemeFor(kind);
    for (let y = 0; y < years; y++) {
      const year = LAST_YEAR - years + 1 + y;
      const file = clusterYearFile(kind, scheme, units, year, y, random);
      const imported = await importYear(db, actorId, cluster.id, file);
      out.periodIds.push(imported.periodId);
      out.scores += imported.scores;
      options.onProgress?.(out.periodIds.length, total, {
        cluster: cluster.name,
        year: String(year),
      });
    }
  }
  return out;
}
