import datetime

from archive.models import chinese_date, page_sequence
from archive.slugs import pinyin_slug, unique_slug


def test_chinese_date_names_the_weekday():
    assert chinese_date(datetime.date(2023, 1, 10)) == "2023年1月10日 星期二"
    assert chinese_date(datetime.date(2024, 2, 25)) == "2024年2月25日 星期日"


def test_page_labels_sort_by_section_then_number():
    labels = ["B01", "A10", "A08", "4", "A1"]
    assert sorted(labels, key=page_sequence) == ["4", "A1", "A08", "A10", "B01"]


def test_county_slug_is_pinyin():
    assert pinyin_slug("温县") == "wenxian"
    assert pinyin_slug("山阳区") == "shanyangqu"


def test_unique_slug_adds_a_suffix_when_taken():
    assert unique_slug("温县", {"wenxian"}) == "wenxian-2"
