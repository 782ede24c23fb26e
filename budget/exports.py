"""The appendix as an xlsx workbook laid out like the decision (numbers are numeric cells, in nghìn đồng)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from budget.selectors import appendix_table
from plan.exports import safe_cell

THOUSANDS = "#,##0"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _k(amount_vnd: int):
    """đồng → nghìn đồng; an int when exact, so the cell is an integer."""
    return amount_vnd // 1000 if amount_vnd % 1000 == 0 else amount_vnd / 1000


def appendix_xlsx(plan=None) -> bytes:
    table = appendix_table(plan)
    years = table["years"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Phu luc kinh phi"
    last_col = 4 + 2 * len(years) + 1
    plan_obj = table["plan"]
    decision = (f"(Kèm theo Quyết định số {plan_obj.code} ngày {plan_obj.decision_date:%d/%m/%Y} "
                f"của {plan_obj.issuer})") if plan_obj else ""
    titles = [
        ("PHỤ LỤC", True),
        ("DỰ KIẾN KINH PHÍ THỰC HIỆN KẾ HOẠCH HÀNH ĐỘNG SẢN XUẤT SẠCH HƠN TRONG CÔNG NGHIỆP "
         f"TRÊN ĐỊA BÀN THÀNH PHỐ HÀ NỘI GIAI ĐOẠN {years[0] if years else ''}-{years[-1] if years else ''}", True),
        (decision, False),
    ]
    for row, (text, bold) in enumerate(titles, start=1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = Font(bold=bold, italic=not bold)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    ws.cell(row=4, column=last_col, value="Đơn vị tính: 1000 đồng").font = Font(italic=True)

    head1, head2 = 5, 6
    for col, text in enumerate(["TT", "Nội dung công việc", "Đơn vị tính", "Đơn giá"], start=1):
        ws.merge_cells(start_row=head1, start_column=col, end_row=head2, end_column=col)
        ws.cell(row=head1, column=col, value=text)
    for i, year in enumerate(years):
        col = 5 + 2 * i
        ws.merge_cells(start_row=head1, start_column=col, end_row=head1, end_column=col + 1)
        ws.cell(row=head1, column=col, value=f"Năm {year}")
        ws.cell(row=head2, column=col, value="Số lượng")
        ws.cell(row=head2, column=col + 1, value="Thành tiền")
    ws.merge_cells(start_row=head1, start_column=last_col, end_row=head2, end_column=last_col)
    ws.cell(row=head1, column=last_col, value="Tổng cộng")
    for row in (head1, head2):
        for col in range(1, last_col + 1):
            cell = ws.cell(row=row, column=col)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BOX

    row = head2 + 1
    for section in table["sections"]:
        values = [section["code"], section["section"].title.upper(), None, None]
        for y in section["years"]:
            values += [None, _k(y["amount_vnd"])]
        values.append(_k(section["total_vnd"]))
        _write_row(ws, row, values, bold=True)
        row += 1
        for line in section["lines"]:
            values = [line["code"], line["line"].title, line["line"].unit, _k(line["unit_price_vnd"])]
            for y in line["years"]:
                values += [y["quantity"] or None, _k(y["amount_vnd"]) if y["quantity"] else None]
            values.append(_k(line["total_vnd"]))
            _write_row(ws, row, values)
            row += 1
    values = [None, "Tổng cộng", None, None]
    for y in table["years_total"]:
        values += [None, _k(y["amount_vnd"])]
    values.append(_k(table["total_vnd"]))
    _write_row(ws, row, values, bold=True)

    widths = {1: 7, 2: 60, 3: 11, 4: 11}
    for col in range(1, last_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, 11 if col % 2 else 13)
    ws.freeze_panes = ws.cell(row=head2 + 1, column=3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_row(ws, row, values, bold=False):
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=safe_cell(value))
        cell.border = BOX
        if bold:
            cell.font = Font(bold=True)
        if isinstance(value, (int, float)):
            cell.number_format = THOUSANDS
            cell.alignment = Alignment(horizontal="right")
        elif col == 2:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
