"""The HTML page: self-contained (no script, nothing fetched), MathML and inline SVG — and
looked at in a real browser (headless Chromium): the formulas are laid out as mathematics
(subscripts lowered, fractions stacked, every formula with a size), nothing runs off the page,
and the screenshot is not blank."""
import io
import re

import pytest

import derive
from support import ROOT
from tests.conftest import chromium_or_skip

PAGES = {"seed": "xor", "skip_mixed": str(ROOT / "examples" / "skip_mixed.toml"),
         "sign_two_outputs": str(ROOT / "examples" / "sign_two_outputs.toml")}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_self_contained(name):
    html = derive.solve(PAGES[name]).render("html")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    for banned in ("<script", "<link", "@import", " src=", "<iframe", "javascript:", "<img"):
        assert banned not in html.lower()
    assert not re.search(r"url\((?!#)", html), "only in-page references (the arrow marker)"
    assert "<math" in html and "<svg" in html and "<mtable>" in html


@pytest.mark.browser
def test_seen_in_chromium(tmp_path):
    from tests.browser import Browser
    from PIL import Image
    exe = chromium_or_skip()
    with Browser(exe, width=1000, height=1400) as b:
        for name, source in PAGES.items():
            page = tmp_path / f"{name}.html"
            page.write_text(derive.solve(source).render("html"))
            b.open(page.as_uri())
            # every formula laid out with a size
            sizes = b.evaluate("Array.from(document.querySelectorAll('math')).map(m => {"
                               "const r = m.getBoundingClientRect(); return [r.width, r.height]; })")
            assert len(sizes) > 20 and all(w > 2 and h > 5 for w, h in sizes), name
            # really MathML layout: a subscript sits below its base's baseline, a numerator above
            # its denominator (a browser without MathML would run them together on one line)
            sub = b.evaluate("(() => { const s = document.querySelector('msub');"
                             "const a = s.children[0].getBoundingClientRect(), c = s.children[1].getBoundingClientRect();"
                             "return [a.bottom, c.bottom, a.left, c.left]; })()")
            assert sub[1] > sub[0] - 0.5 and sub[3] > sub[2], (name, sub)
            if name == "seed":
                frac = b.evaluate("(() => { const f = document.querySelector('mfrac');"
                                  "return [f.children[0].getBoundingClientRect().bottom,"
                                  "f.children[1].getBoundingClientRect().top]; })()")
                assert frac[0] <= frac[1] + 0.5, frac
            # the pictures have a size, and nothing runs off the page
            svgs = b.evaluate("Array.from(document.querySelectorAll('figure svg')).map(s => s.getBoundingClientRect().width)")
            assert svgs and all(w > 100 for w in svgs)
            assert b.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            overflow = b.evaluate("Array.from(document.querySelectorAll('.display')).filter("
                                  "d => d.scrollWidth > d.clientWidth + 1).length")
            assert overflow == 0, f"{name}: {overflow} displays wider than the page"
            png = b.screenshot()
            (tmp_path / f"{name}.png").write_bytes(png)
            im = Image.open(io.BytesIO(png)).convert("L")
            ink = sum(im.histogram()[:128]) / (im.width * im.height)
            assert im.height > 1500 and 0.005 < ink < 0.5, (name, im.size, ink)
