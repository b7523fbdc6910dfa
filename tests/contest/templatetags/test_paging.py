"""Page links keep the visitor's filters and never repeat the page number."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def _links(url: str, page_number: int, **extra) -> str:
    page = Paginator(list(range(30)), 10).page(page_number)
    request = RequestFactory().get(url)
    return render_to_string("_pagination.html", {"page": page, **extra}, request=request)


def test_links_keep_the_filters_and_replace_the_page():
    html = _links("/x/?q=Ghost+Lap&category=narrative&page=2", 2)

    assert 'href="?q=Ghost+Lap&amp;category=narrative&amp;page=1" rel="prev"' in html
    assert 'href="?q=Ghost+Lap&amp;category=narrative&amp;page=3" rel="next"' in html
    assert "Page 2 of 3" in html


def test_without_filters_the_link_is_the_page_alone_with_the_given_labels():
    html = _links("/x/", 1, previous_label="Newer", next_label="Older")

    assert 'href="?page=2" rel="next">Older<' in html
    assert "Newer" not in html  # the first page has no previous link


def test_markup_in_a_filter_is_escaped():
    html = _links('/x/?q="><script>alert(1)</script>', 1)

    assert "<script>" not in html


def test_a_single_page_has_no_links():
    page = Paginator([1], 10).page(1)
    html = render_to_string("_pagination.html", {"page": page},
                            request=RequestFactory().get("/x/"))
    assert "<nav" not in html
