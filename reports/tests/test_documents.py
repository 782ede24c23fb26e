import datetime

from conftest import pdftotext
from plan.documents import render_pdf


def test_the_print_template_renders_a_decree_30_document_with_vietnamese_text_intact():
    pdf = render_pdf("print/document.html", {
        "title": "Báo cáo thử nghiệm", "document_number": "123", "document_date": datetime.date(2026, 11, 24),
        "body": "Nội dung báo cáo: ấ ệ ộ ẳ ỗ ữ ỵ Đ.", "recipients": ["UBND Thành phố", "Bộ Công Thương"],
        "signer_name": "Nguyễn Văn An",
    })
    assert pdf.startswith(b"%PDF")
    text = pdftotext(pdf)
    for expected in ["UBND THÀNH PHỐ HÀ NỘI", "SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Số: 123/BC-SCT", "Hà Nội, ngày 24 tháng 11 năm 2026",
                     "BÁO CÁO THỬ NGHIỆM", "ấ ệ ộ ẳ ỗ ữ ỵ Đ", "Nơi nhận:", "Bộ Công Thương", "GIÁM ĐỐC",
                     "Nguyễn Văn An", "1/1"]:
        assert expected in text, expected
