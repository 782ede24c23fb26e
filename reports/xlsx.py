"""The city's (or a district's) report tables as an xlsx workbook: the same figures as the PDF."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

HEADER = Font(bold=True)


def _sheet(book, title, header, rows):
    sheet = book.create_sheet(title=title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = HEADER
    for row in rows:
        sheet.append(row)
    return sheet


def _num(value):
    return float(value) if value is not None else None


def report_xlsx(context: dict) -> bytes:
    """Sheets: Chỉ số (T1–T5), Theo quận huyện, Hoạt động (appendix), Kinh phí, Tình hình nộp."""
    book = Workbook()
    book.remove(book.active)
    # T3's target is a range (8–13 %): its upper end in a column of its own, each cell a number.
    _sheet(book, "Chỉ số", ["Mã", "Mục tiêu", "Chỉ tiêu (%)", "Chỉ tiêu tối đa (%)", "Tử số", "Mẫu số", "Kết quả (%)",
                           "Đánh giá"], [
        [r["target"].code, r["target"].text, _num(r["target"].target_value), _num(r["target"].target_value_max),
         *([r["indicator"]["numerator"], r["indicator"]["denominator"], _num(r["indicator"]["value"]),
            r["indicator"]["status_label"]] if r["indicator"] else [None, None, None, "chưa có số liệu"])]
        for r in context["target_rows"]])
    if context.get("district_indicators"):
        _sheet(book, "Theo quận huyện", ["Mã", "Đơn vị", "T1 (%)", "T2 (%)", "T3 (%)", "T4 (%)", "T5 (%)"], [
            [row["district"].code, row["district"].full_name, *[_num(i["value"]) for i in row["items"]]]
            for row in context["district_indicators"]])
    # A district's report has no money on the appendix's lines (the city's budget; see selectors.output_targets_for).
    money = context.get("district") is None
    _sheet(book, "Hoạt động", ["Mã", "Nội dung", "Năm", "Số lượng kế hoạch", "Số lượng thực hiện",
                               *(["Kinh phí kế hoạch (đồng)", "Đã chi (đồng)"] if money else [])], [
        [r["code"], r["name"], r["year"], r["planned_quantity"], r["done_quantity"],
         *([r["planned_vnd"], r["spent_vnd"]] if money else [])]
        for r in context.get("output_targets") or []])
    if context.get("budget_execution"):
        _sheet(book, "Kinh phí", ["Mã", "Nội dung", "Kế hoạch (đồng)", "Dự toán (đồng)", "Đã chi (đồng)", "Tỷ lệ (%)"], [
            [r["code"], r["name"], r["planned"], r["estimate"], r["spent"], _num(r["rate"])]
            for r in context["budget_execution"]])
    labels = {"on_time": "Đúng hạn", "late": "Muộn", "pending": "Chưa đến hạn", "missing": "Chưa nộp"}
    _sheet(book, "Tình hình nộp", ["Mã", "Đơn vị", "Tình hình nộp"], [
        [r["district"].code, r["district"].full_name, labels.get(r["timeliness"], r["timeliness"])]
        for r in context["completeness"]["rows"]])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
