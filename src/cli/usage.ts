/** A command line the `tdkt` command cannot take: the message and the usage are printed. */
export class UsageError extends Error {}

/** `tdkt demo province`, as the usage text lists it (src/cli/demo.ts). */
export const DEMO_USAGE =
  '  demo province --clusters N [--years Y] [--units U] [--seed S] [--name "Tỉnh …"]\n' +
  "                          nạp một tỉnh mẫu để đo hiệu năng: N Cụm, Khối × Y năm thi đua đã\n" +
  "                          thẩm định, U đơn vị mỗi Cụm (mặc định 10), qua lệnh nhập năm thi đua\n" +
  "                          của phần mềm (DATABASE_URL hoặc DATA_DIR)";
