from hypothesis import given
from hypothesis import strategies as st

from archive.corrections.diff import char_diff, field_changes

CHINESE = st.text(alphabet="县委书记主持召开会议温孟州粮食丰收，。 \n", max_size=40)


def ops(runs):
    return [(run.operation, run.text) for run in runs]


def test_an_inserted_character_is_one_insert_run():
    assert ops(char_diff("县委书记", "县委副书记")) == [
        ("equal", "县委"),
        ("insert", "副"),
        ("equal", "书记"),
    ]


def test_a_single_equal_character_between_changes_is_folded_into_a_phrase():
    # 温县→孟州 shares no character; 温县粮→孟州棉 must not read as 温/孟, 县/州 …
    runs = char_diff("温县粮食", "孟县棉花")
    assert ops(runs) == [("delete", "温县粮食"), ("insert", "孟县棉花")]


def test_identical_texts_give_one_equal_run():
    assert ops(char_diff("同样", "同样")) == [("equal", "同样")]


@given(CHINESE, CHINESE)
def test_runs_rebuild_both_texts(old, new):
    runs = char_diff(old, new)
    assert "".join(r.text for r in runs if r.operation != "insert") == old
    assert "".join(r.text for r in runs if r.operation != "delete") == new
    assert all(a.operation != b.operation for a, b in zip(runs, runs[1:], strict=False))


def test_field_changes_lists_only_changed_fields_with_labels():
    changes = field_changes(
        {"title": "甲", "body": "乙"},
        {"title": "甲", "body": "丙"},
        {"title": "标题", "body": "正文"},
    )
    assert [(c.field, c.label, c.old, c.new) for c in changes] == [("body", "正文", "乙", "丙")]
