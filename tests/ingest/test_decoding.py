import codecs
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.ingest.decoding import PageDecodeError, decode_page_bytes
from archive.models import Page
from tests.ingest.pages import PLAIN_PAGE

TEXT = "本报讯 3月2日，县城新建的公园正式开放。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_supported_encodings_decode_to_the_same_text(data, encoding):
    assert decode_page_bytes(data, "page.txt") == (TEXT, encoding)


def test_empty_file_is_an_error_naming_the_file():
    with pytest.raises(PageDecodeError, match=r"^blank\.txt: empty file"):
        decode_page_bytes(b" \r\n", "blank.txt")


def test_binary_file_is_an_error_with_the_offset_of_the_first_nul():
    with pytest.raises(PageDecodeError) as error:
        decode_page_bytes(b"PK\x03\x04\x00\x00rest", "scan.zip")
    assert error.value.offset == 4
    assert "scan.zip" in str(error.value) and "byte offset 4" in str(error.value)


def test_bytes_that_are_neither_utf8_nor_gb18030_are_rejected_with_an_offset():
    data = "好".encode() + b"\x81\x20\xff\xfe"
    with pytest.raises(PageDecodeError) as error:
        decode_page_bytes(data, "broken.txt")
    assert error.value.offset == 3


def test_control_characters_mean_binary_even_when_bytes_decode():
    with pytest.raises(PageDecodeError, match="binary"):
        decode_page_bytes(bytes(range(1, 32)) * 4, "noise.bin")


@pytest.mark.django_db
def test_a_bad_file_fails_alone_and_the_command_exits_non_zero(tmp_path):
    (tmp_path / "a-good.txt").write_text(PLAIN_PAGE, encoding="gb18030")
    (tmp_path / "b-bad.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c-good.txt").write_text(PLAIN_PAGE.replace("4月12日", "4月13日"), encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command(
            "import_pages",
            str(tmp_path),
            "--newspaper",
            "新乡日报",
            "--date",
            "2023-04-13",
            stdout=out,
            stderr=err,
        )
    assert Page.objects.count() == 2
    assert not Page.objects.filter(source_file__endswith="b-bad.txt").exists()
    assert "b-bad.txt" in err.getvalue() and "byte offset 0" in err.getvalue()
    assert "2 pages" in out.getvalue() and "1 failed" in out.getvalue()


def test_damaged_gbk_text_is_reported_at_the_gb18030_offset_of_the_bad_bytes():
    good = "青禾县召开会议\n".encode("gbk")
    data = good + b"\x81\x20" + "部署工作".encode("gbk")
    with pytest.raises(PageDecodeError) as error:
        decode_page_bytes(data, "gbk-page.txt")
    assert error.value.offset == len(good)
    assert f"byte offset {len(good)}" in str(error.value)


def test_damaged_utf8_text_is_reported_at_the_utf8_offset():
    good = "青禾县召开会议".encode()
    data = good + b"\xff\xfe\x81\x20"
    with pytest.raises(PageDecodeError) as error:
        decode_page_bytes(data, "utf8-page.txt")
    assert error.value.offset == len(good)
