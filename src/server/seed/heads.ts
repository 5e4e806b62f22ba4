/**
 * The heads who sign for the units of the demonstration data and of a generated province: a
 * plausible Vietnamese full name, and the title a signature block writes for the kind of body
 * ("Chủ tịch" for a people's committee, "Giám đốc" for a department or a company…). Made up,
 * and the same every time for the same unit.
 */

// biome-ignore format: a table of names
const FAMILY = [
  "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
  "Lý", "Lương", "Vi", "Nông", "Hà", "Lò", "Đinh", "Triệu",
];
// biome-ignore format: a table of names
const MEN = [
  ["Văn", "Hùng"], ["Đức", "Thắng"], ["Quang", "Minh"], ["Văn", "Tuấn"], ["Mạnh", "Cường"],
  ["Xuân", "Trường"], ["Hữu", "Nghĩa"], ["Văn", "Long"], ["Thanh", "Sơn"], ["Công", "Bình"],
  ["Minh", "Đức"], ["Văn", "Hải"], ["Tiến", "Dũng"], ["Ngọc", "Khánh"],
];
// biome-ignore format: a table of names
const WOMEN = [
  ["Thị", "Lan"], ["Thị", "Hương"], ["Thu", "Hà"], ["Thị Thanh", "Huyền"], ["Ngọc", "Anh"],
  ["Thị", "Mai"], ["Thúy", "Nga"], ["Thị Minh", "Phương"], ["Hồng", "Nhung"], ["Thị", "Thảo"],
];

/** A full name, the `n`-th of a sequence that rarely repeats: family name, middle, given. */
export function headName(n: number): string {
  const family = FAMILY[(n * 7) % FAMILY.length] as string;
  const woman = n % 3 === 2;
  const list = woman ? WOMEN : MEN;
  const [middle, given] = list[(n * 5 + Math.floor(n / 3)) % list.length] as string[];
  return `${family} ${middle} ${given}`;
}

/** Titles by how a body's name begins, the first that matches; the kind of unit decides last. */
const TITLES: [RegExp, string][] = [
  [/^(Tỉnh đoàn|Thành đoàn|Huyện đoàn)(?=\s|$)/i, "Bí thư"],
  [
    /^(Phường|Xã|Thị trấn|Huyện|Quận|Thị xã|Thành phố|Tỉnh|UBND|Ủy ban nhân dân)(?=\s|$)/i,
    "Chủ tịch",
  ],
  [/^Văn phòng(?=\s|$)/i, "Chánh Văn phòng"],
  [/^Thanh tra(?=\s|$)/i, "Chánh Thanh tra"],
  [/^Ủy ban Kiểm tra(?=\s|$)/i, "Chủ nhiệm"],
  [/^(Ủy ban Mặt trận|Hội|Liên đoàn|Liên hiệp|Liên minh)(?=\s|$)/i, "Chủ tịch"],
  [/^Đảng ủy(?=\s|$)/i, "Bí thư"],
  [/^Ban Quản lý(?=\s|$)/i, "Trưởng ban"],
  [/^Ban(?=\s|$)/i, "Trưởng ban"],
  [/^Trường(?=\s|$)/i, "Hiệu trưởng"],
  [/^Hiệp hội(?=\s|$)/i, "Chủ tịch"],
  [/^Cục(?=\s|$)/i, "Cục trưởng"],
  [/^(Sở|Trung tâm|Đài|Quỹ|Công ty|Ngân hàng|Kho bạc|Bảo hiểm|Thuế|Thống kê)(?=\s|$)/i, "Giám đốc"],
];

/** The title a signature block writes for the head of a unit of this name and kind. */
export function headTitle(unitName: string, kind: string): string {
  for (const [pattern, title] of TITLES) if (pattern.test(unitName.trim())) return title;
  switch (kind) {
    case "ward":
    case "commune":
    case "district":
      return "Chủ tịch";
    case "school":
    case "college":
      return "Hiệu trưởng";
    case "project":
      return "Trưởng ban";
    case "party":
      return "Bí thư";
    case "front":
    case "association":
      return "Chủ tịch";
    default:
      return "Giám đốc";
  }
}
