"""INGEST: every format (plain and gzipped), every kind of bad input with the exact line it gets, real URLs.

All fixtures are written here, in our own words, into tmp_path; the URL tests
run a real http.server on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from barter.ingest import Limits, read_inputs, sniff_format
from barter.ingest.dates import parse_date
from barter.ingest.decode import BINARY, NOT_TEXT, decode
from barter.ingest.errors import Unreadable
from barter.ingest.tabular import parse_columns
from barter.ingest.text import split_header
from barter.records import Document, Reject, document_id

# --- fixtures in our own words ----------------------------------------------------------

PARAGRAPHS = (
    "Three cargo ships left the northern port on Tuesday morning carrying grain bound for a distant "
    "harbour, according to port officials who spoke to reporters at the quay.",
    "The officials said the cargo had been loaded over two weeks and that further sailings were "
    "expected before the end of the month, weather permitting.",
    "Observers noted that the route had not been used for several years before this spring.",
)
ARTICLE_TEXT = "\n\n".join(PARAGRAPHS)


def article_page(title: str = "Ships leave the northern port", site: str = "Harbour Times",
                 published: str | None = "2024-03-05T10:00:00Z", charset: str = "utf-8",
                 paragraphs: tuple[str, ...] = PARAGRAPHS) -> str:
    date_meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title} | {site}</title>'
        f'<meta property="og:site_name" content="{site}">{date_meta}'
        '<link rel="canonical" href="https://harbour.example/news/ships-leave">'
        '</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>All rights reserved</footer></body></html>"
    )


MENU_PAGE = (
    "<!DOCTYPE html><html><head><title>Sections</title></head><body>"
    "<nav><a href='/a'>World</a> <a href='/b'>Business</a> <a href='/c'>Sport</a></nav></body></html>"
)

RSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Times</title><link>https://harbour.example/</link><description>News</description>
<item><title>Ships leave the northern port</title><link>https://harbour.example/news/ships-leave</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>Three cargo ships left the port.</description>
<content:encoded><![CDATA[<p>Three cargo ships left the northern port on Tuesday.</p><p>More sailings are expected.</p>]]></content:encoded>
</item>
<item><title>Rail link reopens</title><link>https://harbour.example/news/rail</link>
<pubDate>Wed, 06 Mar 2024 08:00:00 GMT</pubDate>
<description>The rail link across the river reopened after repairs.</description>
</item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>River Post</title><link href="https://river.example/"/>
<id>urn:river</id><updated>2024-04-01T00:00:00Z</updated>
<entry><title>Bridge opens</title><link href="https://river.example/bridge"/><id>urn:river:1</id>
<updated>2024-04-01T09:00:00Z</updated><summary>A new bridge opened to traffic on Monday.</summary></entry>
</feed>
"""


def rows() -> list[dict]:
    return [
        {"id": "given-1", "title": "Grain deal", "published": "2024-01-02", "source": "Wire One",
         "url": "https://wire.example/1", "text": "Two  states agreed\na grain deal.\n"},
        {"title": "No id here", "published": "not a date", "source": "", "url": "https://wire.example/2",
         "text": "A ferry service restarted after a long pause."},
    ]


def jsonl(rows_: list[dict]) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows_)


def read_all(*inputs, limits: Limits = Limits()) -> list[Document | Reject]:
    return list(read_inputs([str(item) for item in inputs], limits))


def documents_of(results) -> list[Document]:
    return [result for result in results if isinstance(result, Document)]


def reject_lines(results) -> list[str]:
    return [result.line() for result in results if isinstance(result, Reject)]


def gzipped(path: Path) -> Path:
    target = path.with_name(path.name + ".gz")
    target.write_bytes(gzip.compress(path.read_bytes()))
    return target


# --- plain text ----------------------------------------------------------------------------


def test_text_file_takes_first_line_as_title_and_reads_the_header_block(tmp_path):
    path = tmp_path / "ships.txt"
    path.write_text(
        "\nShips leave the northern port\ndate: 2024-03-05\nsource: Harbour Times\nurl: https://harbour.example/s\n\n"
        + ARTICLE_TEXT, encoding="utf-8",
    )
    [document] = read_all(path)
    assert document.title == "Ships leave the northern port"
    assert document.published == date(2024, 3, 5)
    assert document.source == "Harbour Times"
    assert document.url == "https://harbour.example/s"
    assert document.text == "\nShips leave the northern port\n\n" + ARTICLE_TEXT
    assert document.id == document_id(document.text)
    assert document.origin == str(path)


def test_text_file_without_header_is_stored_exactly_with_unknown_date(tmp_path):
    text = "Ships leave the northern port\n\n" + ARTICLE_TEXT + "\n"
    path = tmp_path / "ships.txt"
    path.write_text(text, encoding="utf-8")
    [document] = read_all(path)
    assert document.text == text
    assert document.published is None
    assert document.source == ""
    assert document.kind == "article"


def test_text_header_with_unparseable_date_records_it_as_unknown(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\ndate: sometime in spring\n\nBody text.", encoding="utf-8")
    [document] = read_all(path)
    assert document.published is None


def test_text_header_url_gives_the_outlet_when_no_source(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\nurl: https://www.river.example/x\n\nBody text.", encoding="utf-8")
    [document] = read_all(path)
    assert document.source == "river.example"


@given(st.text())
def test_split_header_never_crashes_and_only_removes_header_lines(text):
    parts = split_header(text)
    assert len(parts.text) <= len(text)
    if not parts.header:
        assert parts.text == text
    assert parts.title == parts.title.strip()
    if parts.title:
        assert parts.title in parts.text


@given(st.text(alphabet=st.characters(blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029:"), min_size=1),
       st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
def test_split_header_reads_back_a_written_date_and_source(title, day):
    if not title.strip():
        return
    parts = split_header(f"{title}\ndate: {day.isoformat()}\nsource: Some Outlet\n\nBody.")
    assert parts.title == title.strip()
    assert parts.header == {"published": day.isoformat(), "source": "Some Outlet"}
    assert parts.text == f"{title}\n\nBody."


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, expected",
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024-03-05T10:00:00Z", date(2024, 3, 5)),
        ("Tue, 05 Mar 2024 10:00:00 GMT", date(2024, 3, 5)),
        ("5 March 2024", date(2024, 3, 5)),
        ("2024-02-30", None),  # no such day
        ("March 2024", None),  # no day given: unknown, not the 1st
        ("2024", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_parsed_to_a_day_or_unknown(written, expected):
    assert parse_date(written) == expected


@given(st.text())
def test_parse_date_never_crashes(text):
    result = parse_date(text)
    assert result is None or isinstance(result, date)


# --- decoding ------------------------------------------------------------------------------

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"))


@given(_TEXT)
def test_decode_round_trips_utf8(text):
    assert decode(text.encode("utf-8")) == text


@given(st.binary())
def test_decode_never_fails_but_with_unreadable(data):
    try:
        decode(data)
    except Unreadable as problem:
        assert problem.reason in (BINARY, NOT_TEXT)


def test_decode_reads_cp1252_quotes_and_a_byte_order_mark():
    assert decode("“Quoted” – café".encode("cp1252")) == "“Quoted” – café"
    assert decode("\ufeffTitle".encode("utf-8")) == "Title"
    assert decode("Title ä".encode("utf-16")) == "Title ä"


def test_decode_believes_the_declared_charset_in_html():
    page = '<html><head><meta charset="windows-1251"></head><body>Москва</body></html>'
    assert "Москва" in decode(page.encode("cp1251"))


def test_decode_falls_back_to_latin1_only_for_text_like_bytes():
    # 0x81 is undefined in cp1252: only latin-1 reads it.
    assert decode(b"Caf\xe9 au lait \x81 and more ordinary words here") == "Café au lait \x81 and more ordinary words here"
    with pytest.raises(Unreadable):
        decode(bytes(range(0x80, 0x100)) * 4)


def test_a_cp1252_text_file_is_read_not_rejected(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\u00e9 owners \u201cagree\u201d\n\nThe caf\u00e9 owners agreed on prices.".encode("cp1252"))
    [document] = read_all(path)
    assert document.title == "Café owners “agree”"


def test_a_feed_in_its_declared_encoding_is_read(tmp_path):
    path = tmp_path / "legacy.rss"
    path.write_bytes(RSS_FEED.replace("utf-8", "iso-8859-1").replace("Rail link reopens", "Café reopens").encode("latin-1"))
    assert documents_of(read_all(path))[1].title == "Café reopens"


# --- HTML ------------------------------------------------------------------------------------


def test_html_page_gives_main_text_title_date_site_and_url(tmp_path):
    path = tmp_path / "ships.html"
    path.write_text(article_page(), encoding="utf-8")
    [document] = read_all(path)
    assert PARAGRAPHS[0] in document.text and PARAGRAPHS[2] in document.text
    assert "Home" not in document.text and "All rights reserved" not in document.text
    assert document.title == "Ships leave the northern port"
    assert document.published == date(2024, 3, 5)
    assert document.source == "Harbour Times"
    assert document.url == "https://harbour.example/news/ships-leave"
    assert document.id == document_id(document.text)


def test_html_page_without_a_date_has_unknown_date(tmp_path):
    path = tmp_path / "ships.htm"
    path.write_text(article_page(published=None), encoding="utf-8")
    [document] = read_all(path)
    assert document.published is None


def test_html_in_a_declared_legacy_charset_is_decoded(tmp_path):
    path = tmp_path / "ships.html"
    paragraphs = (PARAGRAPHS[0] + " The café owner agreed.", *PARAGRAPHS[1:])
    path.write_bytes(article_page(charset="iso-8859-1", paragraphs=paragraphs).encode("latin-1"))
    [document] = read_all(path)
    assert "The café owner agreed." in document.text


# --- JSONL and CSV --------------------------------------------------------------------------


def test_jsonl_keeps_given_ids_and_the_text_exactly(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(jsonl(rows()), encoding="utf-8")
    first, second = read_all(path)
    assert first.id == "given-1"
    assert first.text == "Two  states agreed\na grain deal.\n"
    assert (first.title, first.published, first.source, first.url) == (
        "Grain deal", date(2024, 1, 2), "Wire One", "https://wire.example/1")
    assert first.origin == f"{path}#1"
    assert second.id == document_id(second.text)
    assert second.published is None
    assert second.source == "wire.example"


def test_jsonl_columns_are_mapped_by_option(tmp_path):
    path = tmp_path / "docs.ndjson"
    path.write_text(json.dumps({"body": "A ferry restarted.", "date": "2024-05-06", "outlet": "Wire Two"}) + "\n")
    [document] = read_all(path, limits=Limits(columns=parse_columns("text=body, published=date,source=outlet")))
    assert (document.text, document.published, document.source) == ("A ferry restarted.", date(2024, 5, 6), "Wire Two")


def test_csv_with_mapped_columns(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text(
        'uid,headline,day,body\nc-1,Grain deal,2024-01-02,"Two states agreed, at last,\na grain deal."\n'
        "c-2,Ferry,,A ferry service restarted.\n",
        encoding="utf-8",
    )
    limits = Limits(columns=parse_columns("id=uid,title=headline,published=day,text=body"))
    first, second = read_all(path, limits=limits)
    assert (first.id, first.title, first.published) == ("c-1", "Grain deal", date(2024, 1, 2))
    assert first.text == "Two states agreed, at last,\na grain deal."
    assert (second.id, second.published) == ("c-2", None)
    assert second.origin == f"{path}#4"  # the line a row ends on: the first row took two


def test_tsv_is_read_with_tabs(tmp_path):
    path = tmp_path / "docs.tsv"
    path.write_text("title\ttext\nFerry\tA ferry service restarted, finally.\n", encoding="utf-8")
    [document] = read_all(path)
    assert (document.title, document.text) == ("Ferry", "A ferry service restarted, finally.")


def test_parse_columns_refuses_what_it_cannot_map():
    with pytest.raises(ValueError, match="not FIELD=COLUMN"):
        parse_columns("text")
    with pytest.raises(ValueError, match="not a document field"):
        parse_columns("body=text")


def test_shared_eval_documents_keep_their_ids():
    shared = Path("/work/shared/eval/dev/docs.jsonl")
    if not shared.exists():
        pytest.skip("shared eval set not present")
    expected = [json.loads(line) for line in shared.read_text(encoding="utf-8").splitlines() if line.strip()]
    documents = documents_of(read_all(shared))
    assert [document.id for document in documents] == [row["id"] for row in expected]
    assert [document.text for document in documents] == [row["text"] for row in expected]


# --- feeds --------------------------------------------------------------------------------


def test_rss_full_content_entry_is_an_article_and_summary_only_entry_a_summary(tmp_path):
    path = tmp_path / "harbour.rss"
    path.write_text(RSS_FEED, encoding="utf-8")
    article, summary = read_all(path)
    assert article.kind == "article"
    assert article.text == (
        "Ships leave the northern port\n\nThree cargo ships left the northern port on Tuesday.\n\nMore sailings are expected."
    )
    assert (article.source, article.url, article.published) == (
        "Harbour Times", "https://harbour.example/news/ships-leave", date(2024, 3, 5))
    assert summary.kind == "summary"
    assert summary.text == "Rail link reopens\n\nThe rail link across the river reopened after repairs."
    assert summary.origin == f"{path}#2"


def test_atom_feed_entries_are_read(tmp_path):
    path = tmp_path / "river.atom"
    path.write_text(ATOM_FEED, encoding="utf-8")
    [entry] = read_all(path)
    assert (entry.title, entry.source, entry.kind, entry.published) == (
        "Bridge opens", "River Post", "summary", date(2024, 4, 1))


# --- WARC ----------------------------------------------------------------------------------


def write_warc(path: Path, compress: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=compress)

        def response(url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))

        response("https://harbour.example/news/ships-leave", article_page().encode("utf-8"), "text/html; charset=utf-8")
        response("https://harbour.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
        response("https://harbour.example/gone", b"<html>gone</html>", "text/html", status="404 Not Found")
        response("https://harbour.example/sections", MENU_PAGE.encode("utf-8"), "text/html")


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_warc_html_responses_become_documents_and_other_records_are_passed_over(tmp_path, compress):
    path = tmp_path / ("slice.warc.gz" if compress else "slice.warc")
    write_warc(path, compress)
    results = read_all(path)
    [document] = documents_of(results)
    assert document.url == "https://harbour.example/news/ships-leave"
    assert document.source == "Harbour Times"
    assert PARAGRAPHS[1] in document.text
    assert document.origin == f"{path}#https://harbour.example/news/ships-leave"
    assert reject_lines(results) == [
        f"{path}#https://harbour.example/sections: has no article text in it (a menu, an index or an empty page); "
        "give the article's own page"
    ]


# --- gzip, sniffing, directories --------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [
        ("a.txt", "Ships leave the northern port\n\n" + ARTICLE_TEXT),
        ("a.html", article_page()),
        ("a.jsonl", jsonl(rows())),
        ("a.csv", "title,text\nFerry,A ferry service restarted.\n"),
        ("a.rss", RSS_FEED),
    ],
)
def test_gzipped_inputs_read_like_plain_ones(tmp_path, name, content):
    plain = tmp_path / name
    plain.write_text(content, encoding="utf-8")
    compressed = gzipped(plain)
    expected = [(d.id, d.text, d.title, d.published, d.kind) for d in documents_of(read_all(plain))]
    got = [(d.id, d.text, d.title, d.published, d.kind) for d in documents_of(read_all(compressed))]
    assert expected and got == expected


def test_content_decides_where_the_extension_lies(tmp_path):
    (tmp_path / "page.txt").write_text(article_page(), encoding="utf-8")
    (tmp_path / "feed.html").write_text(RSS_FEED, encoding="utf-8")
    (tmp_path / "rows.data").write_text(jsonl(rows()), encoding="utf-8")
    (tmp_path / "notes").write_bytes(gzip.compress(b"Plain title\n\nPlain words."))
    assert sniff_format("page.txt", article_page().encode()) == "html"
    assert sniff_format("feed.html", RSS_FEED.encode()) == "feed"
    results = read_all(tmp_path)
    assert not reject_lines(results)
    kinds = {}
    for document in documents_of(results):
        kinds.setdefault(Path(document.origin.split("#")[0]).name, document)
    assert kinds["page.txt"].title == "Ships leave the northern port"
    assert kinds["feed.html"].source == "Harbour Times"
    assert kinds["rows.data"].id == "given-1"
    assert kinds["notes"].title == "Plain title"


def test_directories_are_read_recursively_in_order_and_hidden_files_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / "a.txt").write_text("First\n\nOne.", encoding="utf-8")
    (tmp_path / "b" / "deep" / "c.txt").write_text("Third\n\nThree.", encoding="utf-8")
    (tmp_path / "b" / "b.txt").write_text("Second\n\nTwo.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nNo.", encoding="utf-8")
    assert [d.title for d in read_all(tmp_path)] == ["First", "Second", "Third"]


# --- bad input: one exact line each, and the batch goes on --------------------------------------


def test_each_bad_file_gets_one_exact_line_and_the_good_ones_are_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Good title\n\nGood words.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    undecodable = tmp_path / "noise.txt"
    undecodable.write_bytes(bytes(range(0x80, 0x100)) * 8)
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(jsonl(rows() * 50).encode())[:200])
    no_text = tmp_path / "no-text.csv"
    no_text.write_text("title,body\nA,B\n", encoding="utf-8")
    menu = tmp_path / "menu.html"
    menu.write_text(MENU_PAGE, encoding="utf-8")
    results = read_all(good, empty, binary, undecodable, truncated, no_text, menu, tmp_path / "missing.txt")
    assert [d.title for d in documents_of(results)] == ["Good title"]
    lines = reject_lines(results)
    assert lines[0] == f"{empty}: is empty; check that it was written completely"
    assert lines[1] == (
        f"{binary}: looks binary (NUL or control bytes), not text; give text, HTML, JSONL, CSV, a feed or a WARC file"
    )
    assert lines[2] == (
        f"{undecodable}: is not text in any encoding tried (byte-order mark, declared charset, utf-8, cp1252, latin-1); "
        "re-save it as UTF-8"
    )
    # The lines before the cut are read; the cut itself is one line.
    assert lines[3].startswith(f"{truncated}: the gzip data is truncated or corrupt (")
    assert lines[3].endswith("); re-download or re-compress it")
    assert lines[4] == (
        f"{no_text}: has no 'text' column (columns: title, body); "
        "name the article column text or map it with --columns text=NAME"
    )
    assert lines[5] == (
        f"{menu}: has no article text in it (a menu, an index or an empty page); give the article's own page"
    )
    assert lines[6] == f"{tmp_path / 'missing.txt'}: no such file or directory; check the path"
    assert len(lines) == 7


def test_truncated_gzip_keeps_the_lines_read_before_the_cut(tmp_path):
    many = [{"id": f"r{i}", "text": f"Row number {i} says a ferry sailed."} for i in range(2000)]
    path = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress(jsonl(many).encode())
    path.write_bytes(whole[: len(whole) // 2])
    results = read_all(path)
    assert 0 < len(documents_of(results)) < 2000
    assert [type(r) for r in results[-1:]] == [Reject]


def test_a_malformed_json_line_is_rejected_with_its_number_and_the_others_go_on(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "First line."}) + "\n"
        '{"id": "b", "text": "unclosed\n'
        "\n"
        '["not", "an", "object"]\n'
        + json.dumps({"id": "c", "title": "no text"}) + "\n"
        + json.dumps({"id": "d", "text": "Last line."}) + "\n",
        encoding="utf-8",
    )
    results = read_all(path)
    assert [d.id for d in documents_of(results)] == ["a", "d"]
    assert reject_lines(results) == [
        f"{path}#2: line 2 is not valid JSON (Unterminated string starting at, column 21); fix or delete that line",
        f"{path}#4: line 4 is not a JSON object; give one object per line",
        f"{path}#5: has no 'text' field; name it text or map it with --columns text=NAME",
    ]


def test_a_file_over_the_size_limit_is_rejected_unread(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200_000_000)
    assert reject_lines(read_all(path)) == [
        f"{path}: is 200 MB, over the size limit of 50 MB; split it or raise --max-bytes"
    ]


def test_a_line_format_over_the_size_limit_is_streamed_record_by_record(tmp_path):
    # a corpus may be larger than memory: each line is capped, not the file
    path = tmp_path / "corpus.jsonl.gz"
    rows = [{"id": f"d{n}", "text": f"Report {n}: " + "words " * 200} for n in range(20)]
    path.write_bytes(gzip.compress("".join(json.dumps(row) + "\n" for row in rows).encode()))
    results = read_all(path, limits=Limits(max_bytes=1_000))
    assert reject_lines(results) == []
    assert [d.id for d in documents_of(results)] == [f"d{n}" for n in range(20)]


def test_a_gzip_that_inflates_past_the_size_limit_is_rejected(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"Title\n\n" + b"word " * 200_000))
    assert reject_lines(read_all(path, limits=Limits(max_bytes=100_000))) == [
        f"{path}: decompresses to over the size limit of 0.1 MB; split it or raise --max-bytes"
    ]


def test_a_text_over_the_length_limit_is_rejected_not_cut(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Long one\n\n" + "x" * 990, encoding="utf-8")
    assert reject_lines(read_all(path, limits=Limits(max_text_chars=500))) == [
        f"{path}: its text of 1,000 characters is over the limit of 500; split it or raise --max-chars"
    ]


def test_reading_stops_at_the_document_limit_with_one_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(jsonl([{"id": f"n{i}", "text": f"Text {i}."} for i in range(5)]), encoding="utf-8")
    results = read_all(path, limits=Limits(max_documents=3))
    assert [d.id for d in documents_of(results)] == ["n0", "n1", "n2"]
    assert reject_lines(results) == [
        f"{path}#4: stopped here at the limit of 3 documents per run; raise --max-docs to read the rest"
    ]


def test_a_binary_file_named_like_rows_is_rejected_once_not_line_by_line(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b"\x00\x01\x02\n" * 50)
    assert reject_lines(read_all(path)) == [
        f"{path}: looks binary (NUL or control bytes), not text; give text, HTML, JSONL, CSV, a feed or a WARC file"
    ]


def test_a_json_array_is_rejected_once_not_line_by_line(tmp_path):
    path = tmp_path / "docs.json"
    path.write_text(json.dumps(rows(), indent=2), encoding="utf-8")
    assert reject_lines(read_all(path)) == [
        f"{path}: is a JSON array, not JSON lines; write one object per line (e.g. jq -c '.[]')"
    ]


def test_an_empty_feed_and_a_broken_feed_are_rejected(tmp_path):
    empty_feed = tmp_path / "empty.rss"
    empty_feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>')
    broken = tmp_path / "broken.xml"
    broken.write_text("<?xml version='1.0'?><notafeed><unclosed></notafeed>")
    lines = reject_lines(read_all(empty_feed, broken))
    assert lines[0] == f"{empty_feed}: is a feed with no entries; nothing to ingest"
    assert lines[1].startswith(f"{broken}: is not a readable RSS or Atom feed (")
    assert lines[1].endswith("); check that it is one")


# --- URLs, served for real ---------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        if self.path == "/missing":
            self.send_error(404, "Not Found")
        elif self.path == "/broken":
            self.send_error(500, "Internal Server Error")
        elif self.path == "/slow":
            time.sleep(3)
            self._send(b"too late", "text/plain")
        elif self.path == "/feed":
            self._send(RSS_FEED.encode(), "application/rss+xml; charset=utf-8")
        elif self.path == "/article":
            self._send(article_page().encode("utf-8"), "text/html; charset=utf-8")
        elif self.path == "/rows.jsonl.gz":
            self._send(gzip.compress(jsonl(rows()).encode()), "application/gzip")
        else:
            self.send_error(404)

    def _send(self, body: bytes, content_type: str) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: that is the point of /slow

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    # A proxy from the environment must not stand between the test and its local server.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_urls_that_fail_get_one_line_each_and_the_feed_is_read(server):
    results = read_all(f"{server}/missing", f"{server}/broken", f"{server}/slow", f"{server}/feed",
                       limits=Limits(timeout=0.5))
    assert [d.kind for d in documents_of(results)] == ["article", "summary"]
    assert documents_of(results)[0].origin == f"{server}/feed#1"
    assert reject_lines(results) == [
        f"{server}/missing: the server answered 404 Not Found; check the URL",
        f"{server}/broken: the server answered 500 Internal Server Error; the server failed; try again later",
        f"{server}/slow: no answer within 0.5 s; check the URL or raise --timeout",
    ]


def test_url_html_and_gzipped_jsonl_are_read(server):
    article, *row_documents = documents_of(read_all(f"{server}/article", f"{server}/rows.jsonl.gz"))
    assert article.title == "Ships leave the northern port"
    assert article.url == f"{server}/article"
    assert [d.id for d in row_documents][:1] == ["given-1"]


def test_an_unreachable_url_is_rejected():
    # Port 9 (discard) on loopback: nothing listens there in a test environment.
    [line] = reject_lines(read_all("http://127.0.0.1:9/x", limits=Limits(timeout=2)))
    assert line.startswith("http://127.0.0.1:9/x: could not fetch it (")
    assert line.endswith("); check the URL and the network")


def test_other_schemes_are_rejected():
    assert reject_lines(read_all("ftp://example.org/x.txt")) == [
        "ftp://example.org/x.txt: is not an http(s) URL; give an http:// or https:// address, or a path"
    ]

