import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { foldVietnamese, formatDate, formatNumber, formatPercent, matchesFolded } from "~/i18n/format";
import { fullName, sortByName } from "~/people/names";

describe("Vietnamese formatting", () => {
  test("dates are dd/mm/yyyy in Vietnam's time zone", () => {
    assert.equal(formatDate("2025-07-01T03:00:00Z"), "01/07/2025");
    assert.equal(formatDate("2025-06-30T18:30:00Z"), "01/07/2025", "01:30 on 1 July in Hà Nội");
  });
  test("numbers use . for thousands and , for decimals", () => {
    assert.equal(formatNumber(1234.5), "1.234,5");
    assert.match(formatPercent(0.975), /^97,5\s?%$/);
  });
  test("folding removes diacritics and maps đ to d", () => {
    assert.equal(foldVietnamese("Đặng Thị Ánh  Tuyết"), "dang thi anh tuyet");
    assert.equal(matchesFolded("Xã Hậu Thạnh Đông", "hau thanh dong"), true);
    assert.equal(matchesFolded("Đức Tân", "duc"), true);
  });
});

describe("names", () => {
  test("sort by tên, then họ and đệm, with compound given names and surnames kept whole", () => {
    const people = [
      { ho: "Nguyễn", dem: "Văn", ten: "Bình" },
      { ho: "Trần", dem: "Thị", ten: "Ánh" },
      { ho: "Hoàng Phủ", dem: "Ngọc", ten: "An" },
      { ho: "Lê", dem: "", ten: "Bình Minh" },
      { ho: "Đặng", dem: "Văn", ten: "Bình" },
      { ho: "Vũ", dem: "Thị", ten: "Anh" },
    ];
    assert.deepEqual(sortByName(people).map(fullName), [
      "Hoàng Phủ Ngọc An",
      "Vũ Thị Anh",
      "Trần Thị Ánh",
      "Đặng Văn Bình",
      "Nguyễn Văn Bình",
      "Lê Bình Minh",
    ]);
  });
});
