/**
 * Demo units built from the seed plan's "Nơi nhận" (Kế hoạch 1234/KH-SGDĐT, An Giang, 2020):
 * the Department's own offices, the district education offices, and the units directly under
 * the Department. A few lower-secondary schools sit under two district offices so that
 * escalation to a parent unit has something to show.
 */
export type DemoUnit = { code: string; name: string; kind: string; parent?: string; area?: string };

const DISTRICTS: [string, string][] = [
  ['LX', 'thành phố Long Xuyên'],
  ['CD', 'thành phố Châu Đốc'],
  ['TC', 'thị xã Tân Châu'],
  ['AP', 'huyện An Phú'],
  ['CP', 'huyện Châu Phú'],
  ['CT', 'huyện Châu Thành'],
  ['CM', 'huyện Chợ Mới'],
  ['PT', 'huyện Phú Tân'],
  ['TS', 'huyện Thoại Sơn'],
  ['TB', 'huyện Tịnh Biên'],
  ['TT', 'huyện Tri Tôn'],
];

const OFFICES: [string, string][] = [
  ['VP', 'Văn phòng Sở'],
  ['TCCB', 'Phòng Tổ chức cán bộ'],
  ['KHTC', 'Phòng Kế hoạch - Tài chính'],
  ['GDMN', 'Phòng Giáo dục Mầm non'],
  ['GDTH', 'Phòng Giáo dục Tiểu học'],
  ['GDTrH', 'Phòng Giáo dục Trung học'],
  ['GDTX', 'Phòng Giáo dục Thường xuyên - Chuyên nghiệp'],
  ['KTKD', 'Phòng Khảo thí và Kiểm định chất lượng giáo dục'],
  ['CTTT', 'Phòng Chính trị, tư tưởng'],
  ['TTr', 'Thanh tra Sở'],
];

const HIGH_SCHOOLS: [string, string, string][] = [
  ['THPT-LONGXUYEN', 'Trường THPT Long Xuyên', 'LX'],
  ['THPT-NGUYENHIEN', 'Trường THPT Nguyễn Hiền', 'LX'],
  ['THPT-BINHKHANH', 'Trường THPT Bình Khánh', 'LX'],
  ['THPT-MYTHOI', 'Trường THPT Mỹ Thới', 'LX'],
  ['THPT-NGUYENCONGTRU', 'Trường THPT Nguyễn Công Trứ', 'LX'],
  ['THPT-VOTHISAU', 'Trường THPT Võ Thị Sáu', 'CD'],
  ['THPT-TANCHAU', 'Trường THPT Tân Châu', 'TC'],
  ['THPT-VINHXUONG', 'Trường THPT Vĩnh Xương', 'TC'],
  ['THPT-DUCTRI', 'Trường THPT Đức Trí', 'TC'],
  ['THPT-ANPHU', 'Trường THPT An Phú', 'AP'],
  ['THPT-QUOCTHAI', 'Trường THPT Quốc Thái', 'AP'],
  ['THPT-CHAUPHU', 'Trường THPT Châu Phú', 'CP'],
  ['THPT-THANHMYTAY', 'Trường THPT Thạnh Mỹ Tây', 'CP'],
  ['THPT-BINHMY', 'Trường THPT Bình Mỹ', 'CP'],
  ['THPT-CHAUTHANH', 'Trường THPT Châu Thành', 'CT'],
  ['THPT-VINHBINH', 'Trường THPT Vĩnh Bình', 'CT'],
  ['THPT-CHOMOI', 'Trường THPT Chợ Mới', 'CM'],
  ['THPT-HUYNHTHIHUONG', 'Trường THPT Huỳnh Thị Hưởng', 'CM'],
  ['THPT-NGUYENHUUCANH', 'Trường THPT Nguyễn Hữu Cảnh', 'CM'],
  ['THPT-LONGKIEN', 'Trường THPT Long Kiến', 'CM'],
  ['THPT-HOALAC', 'Trường THPT Hòa Lạc', 'PT'],
  ['THPT-CHUVANAN', 'Trường THPT Chu Văn An', 'PT'],
  ['THPT-NGUYENCHITHANH', 'Trường THPT Nguyễn Chí Thanh', 'PT'],
  ['THPT-NGUYENVANTHOAI', 'Trường THPT Nguyễn Văn Thoại', 'TS'],
  ['THPT-VONGTHE', 'Trường THPT Vọng Thê', 'TS'],
  ['THPT-VINHTRACH', 'Trường THPT Vĩnh Trạch', 'TS'],
  ['THPT-TINHBIEN', 'Trường THPT Tịnh Biên', 'TB'],
  ['THPT-CHILANG', 'Trường THPT Chi Lăng', 'TB'],
  ['THPT-XUANTO', 'Trường THPT Xuân Tô', 'TB'],
  ['THPT-TRITON', 'Trường THPT Tri Tôn', 'TT'],
  ['THPT-BACHUC', 'Trường THPT Ba Chúc', 'TT'],
];

const SPECIAL: DemoUnit[] = [
  { code: 'THPT-CHUYEN-TNH', name: 'Trường THPT chuyên Thoại Ngọc Hầu', kind: 'truong_chuyen_biet', parent: 'SGDDT', area: 'thành phố Long Xuyên' },
  { code: 'THPT-CHUYEN-TKN', name: 'Trường THPT chuyên Thủ Khoa Nghĩa', kind: 'truong_chuyen_biet', parent: 'SGDDT', area: 'thành phố Châu Đốc' },
  { code: 'PTDTNT-AG', name: 'Trường Phổ thông Dân tộc nội trú tỉnh', kind: 'truong_chuyen_biet', parent: 'SGDDT', area: 'huyện Tri Tôn' },
  { code: 'NDTKT-AG', name: 'Trường Nuôi dạy trẻ khuyết tật tỉnh An Giang', kind: 'truong_chuyen_biet', parent: 'SGDDT', area: 'thành phố Long Xuyên' },
  { code: 'TTGDTX-AG', name: 'Trung tâm Giáo dục thường xuyên tỉnh', kind: 'trung_tam', parent: 'SGDDT', area: 'thành phố Long Xuyên' },
  { code: 'TTNN-TH-AG', name: 'Trung tâm Ngoại ngữ - Tin học tỉnh', kind: 'trung_tam', parent: 'SGDDT', area: 'thành phố Long Xuyên' },
  { code: 'CDN-GD', name: 'Công đoàn Ngành Giáo dục', kind: 'to_chuc_khac', parent: 'SGDDT' },
];

const LOWER_SECONDARY: DemoUnit[] = [
  { code: 'THCS-LX-QUANGTRUNG', name: 'Trường THCS Quang Trung', kind: 'truong_thcs', parent: 'PGD-LX', area: 'thành phố Long Xuyên' },
  { code: 'THCS-LX-NGUYENTRAI', name: 'Trường THCS Nguyễn Trãi', kind: 'truong_thcs', parent: 'PGD-LX', area: 'thành phố Long Xuyên' },
  { code: 'THCS-LX-LYTHUONGKIET', name: 'Trường THCS Lý Thường Kiệt', kind: 'truong_thcs', parent: 'PGD-LX', area: 'thành phố Long Xuyên' },
  { code: 'THCS-CD-THUYSON', name: 'Trường THCS Thủy Sơn', kind: 'truong_thcs', parent: 'PGD-CD', area: 'thành phố Châu Đốc' },
  { code: 'THCS-CD-LEHONGPHONG', name: 'Trường THCS Lê Hồng Phong', kind: 'truong_thcs', parent: 'PGD-CD', area: 'thành phố Châu Đốc' },
];

export function demoUnits(): DemoUnit[] {
  const areaOf = new Map(DISTRICTS);
  return [
    { code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo An Giang', kind: 'so_gddt', area: 'tỉnh An Giang' },
    ...OFFICES.map(([code, name]) => ({ code: `SGDDT-${code}`, name, kind: 'phong_so', parent: 'SGDDT' })),
    ...DISTRICTS.map(([code, area]) => ({
      code: `PGD-${code}`,
      name: `Phòng Giáo dục và Đào tạo ${area}`,
      kind: 'phong_gddt',
      parent: 'SGDDT',
      area,
    })),
    ...HIGH_SCHOOLS.map(([code, name, district]) => ({
      code,
      name,
      kind: 'truong_thpt',
      parent: 'SGDDT',
      area: areaOf.get(district),
    })),
    ...SPECIAL,
    ...LOWER_SECONDARY,
  ];
}
