from archive.corrections.noise import noise_components, ocr_noise_score

CLEAN = "县里召开座谈会，研究部署今年的农业生产工作。\n\n会议要求各乡镇抓好落实，确保粮食丰收。"


def test_clean_prose_scores_zero():
    assert ocr_noise_score(CLEAN) == 0.0
    assert ocr_noise_score("") == 0.0


def test_spaced_characters_raise_the_score():
    spaced = "县 里 召 开 座 谈 会 研 究 部 署 今 年 工 作"
    assert noise_components(spaced)["spaced"] > 0.9
    assert ocr_noise_score(spaced) > ocr_noise_score(CLEAN) + 20


def test_odd_symbols_raise_the_score():
    assert ocr_noise_score("县里召开座谈会§¤ ~^ ¶研究部署今年工作") > 5


def test_fragments_and_short_lines_raise_the_score():
    vertical = "温\n县\n新\n闻\n本报讯 县里召开座谈会研究部署"
    components = noise_components(vertical)
    assert components["fragments"] == 0.8
    assert ocr_noise_score(vertical) > 30


def test_noisier_text_scores_higher():
    mild = CLEAN + "\n县 里"
    worse = "县 里 召 开\n会\n议 ¤¤"
    assert ocr_noise_score(worse) > ocr_noise_score(mild) > ocr_noise_score(CLEAN)


def test_article_score_is_that_of_its_current_body_not_of_the_original_ocr():
    from archive.corrections.noise import article_noise_score

    noisy = "县 里 召 开\n会\n议"
    assert article_noise_score(CLEAN) == 0.0
    assert article_noise_score(noisy) == ocr_noise_score(noisy) > 30
