// Demo data: tỉnh Long An before the 2025 reorganisation (../shared/DOMAIN.md), with realistic names.
// The 13 commune-level units of Tân Thạnh are from the domain brief. The brief gives only the count
// for Tân Trụ (thị trấn + 9 xã); the xã names below are demo data and are marked so in the README.

export type DemoUnit = { code: string; name: string; kind: "province" | "district" | "commune" | "office"; children?: DemoUnit[] };

const offices = (prefix: string, district: string): DemoUnit[] => [
  { code: `${prefix}-VP`, name: `Văn phòng HĐND và UBND huyện ${district}`, kind: "office" },
  { code: `${prefix}-NV`, name: `Phòng Nội vụ huyện ${district}`, kind: "office" },
  { code: `${prefix}-VHTT`, name: `Phòng Văn hóa và Thông tin huyện ${district}`, kind: "office" },
  { code: `${prefix}-TP`, name: `Phòng Tư pháp huyện ${district}`, kind: "office" },
];

const communes = (prefix: string, names: string[]): DemoUnit[] =>
  names.map((name, i) => ({ code: `${prefix}-X${String(i + 1).padStart(2, "0")}`, name, kind: "commune" }));

export const DEMO_TREE: DemoUnit = {
  code: "LA",
  name: "Tỉnh Long An",
  kind: "province",
  children: [
    { code: "LA-STTTT", name: "Sở Thông tin và Truyền thông tỉnh Long An", kind: "office" },
    { code: "LA-SNV", name: "Sở Nội vụ tỉnh Long An", kind: "office" },
    {
      code: "LA-TT",
      name: "Huyện Tân Thạnh",
      kind: "district",
      children: [
        ...offices("LA-TT", "Tân Thạnh"),
        ...communes("LA-TT", [
          "Thị trấn Tân Thạnh",
          "Xã Bắc Hòa",
          "Xã Hậu Thạnh Đông",
          "Xã Hậu Thạnh Tây",
          "Xã Kiến Bình",
          "Xã Nhơn Hòa",
          "Xã Nhơn Hòa Lập",
          "Xã Nhơn Ninh",
          "Xã Tân Bình",
          "Xã Tân Hòa",
          "Xã Tân Lập",
          "Xã Tân Ninh",
          "Xã Tân Thành",
        ]),
      ],
    },
    {
      code: "LA-TTR",
      name: "Huyện Tân Trụ",
      kind: "district",
      children: [
        ...offices("LA-TTR", "Tân Trụ"),
        ...communes("LA-TTR", [
          "Thị trấn Tân Trụ",
          "Xã An Nhựt Tân",
          "Xã Bình Tịnh",
          "Xã Bình Trinh Đông",
          "Xã Đức Tân",
          "Xã Lạc Tấn",
          "Xã Nhựt Ninh",
          "Xã Quê Mỹ Thạnh",
          "Xã Tân Bình",
          "Xã Tân Phước Tây",
        ]),
      ],
    },
  ],
};

// Surnames weighted roughly as in the south of Vietnam; two compound surnames on purpose.
export const HO: [string, number][] = [
  ["Nguyễn", 32],
  ["Trần", 11],
  ["Lê", 9],
  ["Phạm", 6],
  ["Huỳnh", 6],
  ["Võ", 6],
  ["Phan", 4],
  ["Trương", 3],
  ["Đặng", 2],
  ["Bùi", 2],
  ["Đỗ", 2],
  ["Hồ", 2],
  ["Ngô", 2],
  ["Dương", 2],
  ["Lý", 2],
  ["Đinh", 1],
  ["Lâm", 1],
  ["Châu", 1],
  ["Tô", 1],
  ["Hoàng", 1],
  ["Mai", 1],
  ["Hoàng Phủ", 0.2],
  ["Tôn Thất", 0.2],
];

export const DEM_NAM = ["Văn", "Hữu", "Minh", "Thanh", "Quốc", "Đức", "Công", "Hoàng", "Tấn", "Phước", "Trọng", "Ngọc"];
export const DEM_NU = ["Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Hồng", "Bích", "Thị Ngọc", "Phương", "Thúy"];

export const TEN_NAM = [
  "An",
  "Bảo",
  "Bình",
  "Cường",
  "Dũng",
  "Duy",
  "Đạt",
  "Đông",
  "Hải",
  "Hiếu",
  "Hòa",
  "Hùng",
  "Huy",
  "Khang",
  "Khoa",
  "Kiệt",
  "Lâm",
  "Lộc",
  "Long",
  "Luân",
  "Nam",
  "Nghĩa",
  "Nhân",
  "Phát",
  "Phong",
  "Phúc",
  "Quang",
  "Sang",
  "Sơn",
  "Tài",
  "Tâm",
  "Thắng",
  "Thành",
  "Thịnh",
  "Toàn",
  "Trí",
  "Trung",
  "Tuấn",
  "Việt",
  "Vinh",
  "Bình Minh",
  "Đăng Khoa",
];
export const TEN_NU = [
  "Anh",
  "Ánh",
  "Châu",
  "Diễm",
  "Dung",
  "Duyên",
  "Giang",
  "Hà",
  "Hạnh",
  "Hằng",
  "Hiền",
  "Hoa",
  "Hồng",
  "Huệ",
  "Hương",
  "Lan",
  "Linh",
  "Loan",
  "Mai",
  "My",
  "Nga",
  "Ngân",
  "Nhung",
  "Nhi",
  "Oanh",
  "Phượng",
  "Quyên",
  "Tâm",
  "Thảo",
  "Thủy",
  "Trang",
  "Trâm",
  "Tuyết",
  "Uyên",
  "Vân",
  "Vy",
  "Xuân",
  "Yến",
  "Bảo Ngọc",
  "Thanh Tâm",
];

export const POSITIONS = {
  commune: [
    "Công chức Văn phòng – Thống kê",
    "Công chức Tư pháp – Hộ tịch",
    "Công chức Địa chính – Xây dựng",
    "Công chức Tài chính – Kế toán",
    "Công chức Văn hóa – Xã hội",
    "Công chức Văn phòng – Thống kê",
    "Phó Chủ tịch UBND",
    "Cán bộ Đoàn thể",
  ],
  office: ["Chuyên viên", "Chuyên viên", "Chuyên viên", "Phó Trưởng phòng", "Trưởng phòng", "Nhân viên"],
  district: ["Chuyên viên", "Phó Chủ tịch UBND huyện", "Chủ tịch UBND huyện"],
  province: ["Chuyên viên", "Chuyên viên chính"],
};

/** The password of every demo account (listed in the README; change it on a real deployment). */
export const DEMO_PASSWORD = "taphuan2025";

export type DemoAccount = {
  username: string;
  email: string;
  ho: string;
  dem: string;
  ten: string;
  unitCode: string;
  position: string;
  roles: ("learner" | "trainer" | "manager" | "admin")[];
};

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: "canbo",
    email: "canbo@taphuan.demo",
    ho: "Nguyễn",
    dem: "Thị Hồng",
    ten: "Nhung",
    unitCode: "LA-TT-X03",
    position: "Công chức Văn phòng – Thống kê",
    roles: ["learner"],
  },
  {
    username: "giangvien",
    email: "giangvien@taphuan.demo",
    ho: "Trần",
    dem: "Minh",
    ten: "Khoa",
    unitCode: "LA-STTTT",
    position: "Chuyên viên chính",
    roles: ["learner", "trainer"],
  },
  {
    username: "lanhdao.tanthanh",
    email: "lanhdao.tanthanh@taphuan.demo",
    ho: "Lê",
    dem: "Thanh",
    ten: "Đông",
    unitCode: "LA-TT",
    position: "Chủ tịch UBND huyện",
    roles: ["learner", "manager"],
  },
  {
    username: "lanhdao.tantru",
    email: "lanhdao.tantru@taphuan.demo",
    ho: "Võ",
    dem: "Văn",
    ten: "Hải",
    unitCode: "LA-TTR",
    position: "Phó Chủ tịch UBND huyện",
    roles: ["learner", "manager"],
  },
  {
    username: "quantri",
    email: "quantri@taphuan.demo",
    ho: "Phạm",
    dem: "Ngọc",
    ten: "Lan",
    unitCode: "LA-STTTT",
    position: "Chuyên viên",
    roles: ["learner", "admin"],
  },
];

/** The demo's assignments (app/demo/assignments.server.ts): who sits at a commune's one-stop counter, and the notes. */
export const DEMO_ONE_STOP_POSITIONS = ["Công chức Văn phòng – Thống kê", "Công chức Tư pháp – Hộ tịch"];
export const DEMO_ASSIGNMENT_NOTES = {
  oneStop: "Công chức tiếp nhận hồ sơ tại Bộ phận Một cửa các xã, thị trấn huyện Tân Thạnh",
  everyone: "Toàn tỉnh",
};
