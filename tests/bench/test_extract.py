from bench import extract as bx


def test_look_and_check_part_the_development_split_and_nothing_else():
    dev = {d[0] for d in bx.real_docs("dev")}
    look = bx.real_docs("look")
    check = bx.real_docs("check")
    assert {d[0] for d in look} | {d[0] for d in check} == dev
    assert not {d[0] for d in look} & {d[0] for d in check}
    assert {d[2] for d in look} == {"look"} and {d[2] for d in check} == {"check"}
    assert len(dev) // 4 < len(check) < len(dev) // 2


def test_the_part_of_a_document_is_fixed_by_its_id():
    assert bx.dev_part("sp-example") == bx.dev_part("sp-example")
    assert {bx.dev_part(f"doc-{i}") for i in range(20)} == {"look", "check"}
    assert all(d[2] == "test" for d in bx.real_docs("test"))


def test_the_warm_text_is_the_seed_repeated_to_ten_thousand_characters():
    text = bx.warm_text()
    with open(bx.SEED, encoding="utf-8") as f:
        seed = f.read()
    assert len(text) == bx.WARM_CHARS == 10_000
    assert text.startswith(seed + seed[:100])
