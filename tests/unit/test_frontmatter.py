from cseas_site.load.frontmatter import split_front_matter
from cseas_site.yamltools import load_mapping


def test_split_gives_body_and_its_first_line() -> None:
    split = split_front_matter("---\ntitle: A\ndate: 2020-01-01\n---\nBody\n", "a.md")
    assert split.has_front_matter and split.meta.data == {"title": "A", "date": split.meta.data["date"]}
    assert split.meta.lines == {"title": 2, "date": 3}
    assert (split.body, split.body_line) == ("Body\n", 5)


def test_no_front_matter_when_the_file_does_not_start_with_a_fence() -> None:
    split = split_front_matter("Title\n---\nx\n", "a.md")
    assert not split.has_front_matter and split.body == "Title\n---\nx\n"
    assert not split_front_matter("----\nx\n", "a.md").has_front_matter


def test_yaml_error_lines_are_file_lines() -> None:
    loaded = load_mapping("title: A\ndate: 2020-01-01\nbad: [1,\n", "a.md", first_line=2)
    [problem] = loaded.problems
    assert problem.path == "a.md" and problem.line >= 4


def test_duplicate_and_non_name_keys_are_reported() -> None:
    loaded = load_mapping("title: A\ntitle: B\n5: x\n", "a.md", first_line=2)
    messages = sorted((p.line, p.message) for p in loaded.problems)
    assert messages[0] == (3, "title: given twice (first on line 2)")
    assert messages[1][0] == 4 and "keys must be names" in messages[1][1]
    assert list(loaded.data) == ["title"]


def test_a_list_is_not_front_matter() -> None:
    loaded = load_mapping("- a\n- b\n", "a.md", first_line=2)
    assert "must be a mapping" in loaded.problems[0].message


def test_alias_bombs_do_not_expand() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    loaded = load_mapping(bomb, "a.md", first_line=2)  # 9**9 strings if expanded
    assert loaded.problems == [] and len(loaded.data) == 9
