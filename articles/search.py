"""Full-text search over published articles: one public function, two engines.

`search_articles()` answers from PostgreSQL's text search (a stored, weighted tsvector
with a GIN index, web-search syntax, ts_rank, ts_headline and a pg_trgm fallback on
titles) or from an SQLite FTS5 table (bm25 with column weights, snippet(), and the
titles' vocabulary for misspellings), whichever
database is in use; callers see the same results object either way.

The reader's query is parsed here once, with the web-search rules ("quoted phrase",
`or`, `-excluded`), then written out for each engine: for PostgreSQL as a normalised
websearch_to_tsquery string, for FTS5 with every term quoted, so nothing a reader types
can become FTS5 syntax (or a syntax error).

`refresh_search_index()` keeps either index in step with the articles; signal receivers
(articles/signals.py) call it on edits, and bulk paths (imports, seeding) call it with
the ids they wrote.
"""

import difflib
import html
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import (
    F,
    FloatField,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.tasks import task
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from taggit.models import TaggedItem

from articles.models import Article, Category, CommentarySection, Source

FTS_TABLE = "articles_article_fts"
# Relative weight of title, summary, body, commentary and names: the proportions of
# ts_rank's default A/B/C/C/D weights (1.0, 0.4, 0.2, 0.2, 0.1), for FTS5's bm25.
FTS_WEIGHTS = (10.0, 4.0, 2.0, 2.0, 1.0)
# Highlight markers: control characters, removed from queries and never shown, so
# the marked text can be escaped whole and only the markers turned into <mark>.
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 30
# ts_headline options for a passage: up to two fragments around the matches.
PASSAGE = {
    "max_words": SNIPPET_WORDS // 2 + 5,
    "min_words": SNIPPET_WORDS // 2,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}
# Words too common to look for by spelling alone (the trigram fallback).
FALLBACK_IGNORED = frozenset(
    "a an and are as at be but by for from has have in is it its of on or that the "
    "this to was were will with".split()
)
REFRESH_BATCH = 500
# How alike (difflib ratio) a word and an indexed title word must be to count as a
# misspelling of it (SQLite; PostgreSQL uses pg_trgm's word similarity).
SPELLING_CUTOFF = 0.75

# ---------------------------------------------------------------------------
# The reader's query


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False

    def websearch(self):
        return f'"{self.text}"' if self.phrase else self.text

    def fts5(self):
        # A double-quoted FTS5 string is always a plain phrase (one or more tokens).
        return '"' + self.text.replace('"', '""') + '"'


@dataclass(frozen=True)
class ParsedQuery:
    """Every group in `required` must match (any one term of a group); no term of
    `excluded` may."""

    required: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def searchable(self):
        return bool(self.required)

    def websearch(self):
        groups = [" or ".join(term.websearch() for term in group) for group in self.required]
        return " ".join(groups + ["-" + term.websearch() for term in self.excluded])

    def websearch_wanted(self):
        """The query without its exclusions."""
        return ParsedQuery(self.required).websearch()

    def fts5(self):
        required = " AND ".join(
            "(" + " OR ".join(term.fts5() for term in group) + ")" for group in self.required
        )
        if not self.excluded:
            return required
        return f"({required}) NOT ({' OR '.join(term.fts5() for term in self.excluded)})"

    def fallback_words(self):
        """Plain words of the query worth matching by spelling (for misspellings)."""
        words = []
        for group in self.required:
            for term in group:
                for word in re.findall(r"\w+", term.text):
                    if len(word) >= 3 and word.lower() not in FALLBACK_IGNORED:
                        words.append(word)
        return list(dict.fromkeys(words))


_TOKEN = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


def parse_query(text):
    """Web-search syntax, as Google and websearch_to_tsquery read it: words must all
    appear, "quoted words" as a phrase, `or` between two terms accepts either, and a
    leading minus excludes a word or phrase. Terms without letters or digits are
    dropped; a dangling `or` is ignored."""
    required, excluded = [], []
    or_pending = False
    for match in _TOKEN.finditer(text):
        phrase = match.group("phrase") is not None
        raw = match.group("phrase") if phrase else match.group("word").lstrip("-")
        negated = bool(match.group("minus"))
        if not phrase and not negated and raw.lower() == "or":
            or_pending = bool(required)
            continue
        words = " ".join(raw.split())
        if not re.search(r"\w", words):
            continue
        term = Term(words, phrase=phrase and " " in words)
        if negated:
            excluded.append(term)
            or_pending = False
        elif or_pending:
            required[-1].append(term)
            or_pending = False
        else:
            required.append([term])
    return ParsedQuery(tuple(tuple(group) for group in required), tuple(excluded))


def clean_query(text):
    """The query as searched: no control characters, whitespace collapsed, at most
    SEARCH_MAX_QUERY_LENGTH characters. Returns (query, was_shortened)."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text or ""))
    text = " ".join(text.split())
    limit = settings.SEARCH_MAX_QUERY_LENGTH
    if len(text) <= limit:
        return text, False
    return text[:limit].rstrip(), True


# ---------------------------------------------------------------------------
# Results


@dataclass
class SearchHit:
    article: Article
    title_html: str  # the title, escaped, query words in <mark>
    snippet_html: str  # a passage around the matches, escaped, matches in <mark>


_TAG = re.compile(r"<[^>]*>")
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")


def plain_text(html_text):
    """Sanitised HTML as the words a reader sees: tags out, entities decoded."""
    return " ".join(html.unescape(_TAG.sub(" ", html_text or "")).split())


def marked_html(text):
    """Text with START/STOP around matches -> escaped HTML where only <mark> is markup."""
    parts, position = [], 0
    for match in _MARKED.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(1))}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    marked = "".join(parts).replace(START, "").replace(STOP, "")
    return mark_safe(" ".join(marked.split()))  # noqa: S308  # nosec B308 B703 - every piece escaped above


def _fallback_snippet(article):
    return escape(Truncator(article.summary).words(SNIPPET_WORDS))


def _snippet(article, summary_marked, passage_marked):
    """The summary when the query words are in it, else the best passage of the body
    or commentary, else the start of the summary."""
    if START in (summary_marked or ""):
        return marked_html(Truncator(summary_marked).words(SNIPPET_WORDS * 2))
    if START in (passage_marked or ""):
        return marked_html(passage_marked)
    return _fallback_snippet(article)


class SearchResults:
    """The ranked hits of one search: a lazy sequence (count() and slices) that
    django.core.paginator.Paginator pages through; each slice costs a constant
    number of queries.

    query: the text searched for (cleaned and perhaps shortened); truncated: whether
    it was shortened; searchable: whether it holds any word to look for; fuzzy: no
    article matched the words, so these are titles spelled like them (pg_trgm, or
    FTS5's vocabulary).
    capped: more than SEARCH_MAX_RESULTS matched; only the best are paged through.
    """

    def __init__(self, *, query, truncated, parsed, articles):
        self.query = query
        self.truncated = truncated
        self.parsed = parsed
        self.articles = articles  # published articles passing the filters
        self.fuzzy = False
        self.capped = False

    @property
    def searchable(self):
        return self.parsed.searchable

    @property
    def only_exclusions(self):
        return not self.parsed.required and bool(self.parsed.excluded)

    @cached_property
    def _engine(self):
        engine = _PostgresEngine if connection.vendor == "postgresql" else _SqliteEngine
        return engine(self.parsed, self.articles)

    @cached_property
    def _count(self):
        if not self.searchable:
            return 0
        limit = settings.SEARCH_MAX_RESULTS
        found = self._engine.count(limit + 1)
        if not found and self._engine.can_match_spelling and self.parsed.fallback_words():
            found = self._engine.count_similar(self.parsed.fallback_words(), limit + 1)
            self.fuzzy = found > 0
        self.capped = found > limit
        return min(found, limit)

    def count(self):
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("SearchResults supports slices only.")
        start, stop, _step = index.indices(self._count)
        if stop <= start:
            return []
        if self.fuzzy:
            words = self.parsed.fallback_words()
            ids = self._engine.similar_ids(words, start, stop - start)
        else:
            ids = self._engine.ranked_ids(start, stop - start)
        return self._engine.hits(ids, fuzzy=self.fuzzy)


def _day_start(day):
    try:
        return timezone.make_aware(datetime.combine(day, time.min))
    except OverflowError:
        return None


def search_articles(query, *, category=None, date_from=None, date_to=None):
    """Published articles matching `query` (web-search syntax), best first, newer first
    among equals; optionally only in `category` (a Category or its slug) and published
    between `date_from` and `date_to` (dates, both inclusive, in the site's time zone).

    Never raises for any query text: an empty query, one of only symbols or a very long
    one gives results with searchable=False or truncated=True for the page to explain.
    """
    text, truncated = clean_query(query)
    articles = Article.objects.published()
    if isinstance(category, Category):
        articles = articles.filter(categories=category)
    elif category:
        articles = articles.filter(categories__slug=category)
    if date_from and (start := _day_start(date_from)):
        articles = articles.filter(publish_at__gte=start)
    if date_to and date_to < date_to.max and (end := _day_start(date_to + timedelta(days=1))):
        articles = articles.filter(publish_at__lt=end)
    return SearchResults(
        query=text, truncated=truncated, parsed=parse_query(text), articles=articles
    )


def _in_order(articles, ids):
    by_id = {article.pk: article for article in articles}
    return [by_id[pk] for pk in ids if pk in by_id]


class _PostgresEngine:
    """Matches on the full weighted vector (GIN). Ranking reads only the small
    title-and-summary vector: ranking the full one would mean fetching kilobytes of
    TOAST per match, over a second for a common word at 100,000 articles.

    So matches whose title and summary alone hold the wanted words come first, by
    ts_rank (title, A, above summary, B); the other matches (words in the body,
    commentary or names) follow, newest first. Each tier is a LIMITed query of its
    own, answered from the GIN indexes and the publication-time index, so a page
    costs about the same for a rare word as for one in every article."""

    can_match_spelling = True

    def __init__(self, parsed, articles):
        self.articles = articles
        config = settings.SEARCH_CONFIG
        self.query = SearchQuery(parsed.websearch(), search_type="websearch", config=config)
        self.wanted = SearchQuery(parsed.websearch_wanted(), search_type="websearch", config=config)
        self.has_exclusions = bool(parsed.excluded)
        self.matches = articles.filter(search_vector=self.query)

    def count(self, limit):
        # Unordered: in publication order the planner walks that index and reads every
        # row's (TOASTed) vector until it has counted `limit`, instead of asking the GIN.
        return self.matches.order_by()[:limit].count()

    def ranked_ids(self, offset, limit):
        end = offset + limit
        fields = ("id", "tier", "rank", "publish_at")
        # The title vector is part of the full one: holding the wanted words there
        # is a match, unless an excluded word is elsewhere (only then is the full
        # vector read, for these rows alone).
        in_title = self.articles.filter(search_title_vector=self.wanted)
        if self.has_exclusions:
            in_title = in_title.filter(search_vector=self.query)
        rank = SearchRank(F("search_title_vector"), self.wanted)
        title_hits = (
            in_title.annotate(tier=Value(1), rank=rank)
            .order_by("-rank", "-publish_at", "-id")
            .values_list(*fields)[:end]
        )
        other_hits = (
            self.matches.exclude(search_title_vector=self.wanted)
            .annotate(tier=Value(2), rank=Value(0.0, output_field=FloatField()))
            .order_by("-publish_at", "-id")
            .values_list(*fields)[:end]
        )
        ranked = title_hits.union(other_hits, all=True)
        ordered = ranked.order_by("tier", "-rank", "-publish_at", "-id")[offset:end]
        return [row[0] for row in ordered]

    def _similar(self, words):
        # title %> word: the word is spelled like some word of the title (GIN trigram).
        matches = Q()
        for word in words:
            matches |= Q(title__trigram_word_similar=word)
        score = sum((TrigramWordSimilarity(Value(word), "title") for word in words[1:]),
                    TrigramWordSimilarity(Value(words[0]), "title"))  # fmt: skip
        return self.articles.filter(matches).annotate(similarity=score)

    def count_similar(self, words, limit):
        return self._similar(words).order_by()[:limit].count()

    def similar_ids(self, words, offset, limit):
        ordered = self._similar(words).order_by("-similarity", "-publish_at", "-id")
        return list(ordered.values_list("id", flat=True)[offset : offset + limit])

    def hits(self, ids, *, fuzzy):
        articles = Article.objects.filter(pk__in=ids).for_listing()
        if fuzzy:
            return [
                SearchHit(article, escape(article.title), _fallback_snippet(article))
                for article in _in_order(articles, ids)
            ]
        articles = articles.annotate(
            title_marked=self._headline("title", highlight_all=True),
            summary_marked=self._headline("summary", highlight_all=True),
            body_marked=self._headline("body_html", **PASSAGE),
        )
        articles = _in_order(articles, ids)
        # ts_headline reads the whole text: the commentary only where it is needed.
        unmarked = [
            article.pk
            for article in articles
            if START not in article.summary_marked + article.body_marked
        ]
        commentary = {}
        if unmarked:
            commentary = dict(
                Article.objects.filter(pk__in=unmarked)
                .annotate(text=self._headline(_sections_html(), **PASSAGE))
                .values_list("pk", "text")
            )
        return [
            SearchHit(
                article,
                marked_html(article.title_marked),
                _snippet(
                    article,
                    article.summary_marked,
                    plain_text(article.body_marked)
                    if START in article.body_marked
                    else plain_text(commentary.get(article.pk, "")),
                ),
            )
            for article in articles
        ]

    def _headline(self, expression, **options):
        return SearchHeadline(
            expression,
            self.query,
            config=settings.SEARCH_CONFIG,
            start_sel=START,
            stop_sel=STOP,
            **options,
        )


def _sections_html():
    """An article's commentary sections' HTML, as one text (a correlated subquery)."""
    sections = (
        CommentarySection.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(text=StringAgg("body_html", Value(" ")))
        .values("text")
    )
    return Coalesce(Subquery(sections), Value(""), output_field=TextField())


class _SqliteEngine:
    """FTS5 with bm25 ranking. Misspellings: each word is compared with the words
    the index holds for titles (fts5vocab) and the close ones are searched instead."""

    can_match_spelling = True

    def __init__(self, parsed, articles):
        self.match = parsed.fts5()
        sql, params = articles.order_by().values("id").query.sql_with_params()
        # Published articles passing the filters, as SQL the ORM wrote.
        self.allowed = (sql, list(params))

    def _rows(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self, limit):
        allowed_sql, allowed_params = self.allowed
        sql = (
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} "  # nosec B608 - table name is a constant; values are parameters
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({allowed_sql}) LIMIT %s)"
        )
        return self._rows(sql, [self.match, *allowed_params, limit])[0][0]

    def ranked_ids(self, offset, limit):
        return self._ranked(self.match, offset, limit)

    def _ranked(self, match, offset, limit):
        allowed_sql, allowed_params = self.allowed
        weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
        sql = (
            f"SELECT {FTS_TABLE}.rowid FROM {FTS_TABLE} "  # nosec B608 - table name is a constant; values are parameters
            f"JOIN articles_article ON articles_article.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid IN ({allowed_sql}) "
            f"ORDER BY bm25({FTS_TABLE}, {weights}), articles_article.publish_at DESC, "
            f"articles_article.id DESC LIMIT %s OFFSET %s"
        )
        return [row[0] for row in self._rows(sql, [match, *allowed_params, limit, offset])]

    def _title_terms(self):
        # A per-connection view of the index's vocabulary, one row per term and column.
        vocab = f"temp.{FTS_TABLE}_vocab"
        self._rows(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocab} USING fts5vocab(main, {FTS_TABLE}, col)",
            [],
        )
        return [row[0] for row in self._rows(f"SELECT term FROM {vocab} WHERE col = 'title'", [])]  # nosec B608 - constant names

    def _similar_match(self, words):
        terms = self._title_terms()
        close = {
            term
            for word in words
            for term in difflib.get_close_matches(word.lower(), terms, n=3, cutoff=SPELLING_CUTOFF)
        }
        if not close:
            return None
        # The index holds stems ("concess"): a prefix query finds every form of each.
        return "title : (" + " OR ".join(f'"{term}" *' for term in sorted(close)) + ")"

    def count_similar(self, words, limit):
        match = self._similar_match(words)
        if match is None:
            return 0
        allowed_sql, allowed_params = self.allowed
        sql = (
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} "  # nosec B608 - table name is a constant; values are parameters
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({allowed_sql}) LIMIT %s)"
        )
        return self._rows(sql, [match, *allowed_params, limit])[0][0]

    def similar_ids(self, words, offset, limit):
        match = self._similar_match(words)
        return self._ranked(match, offset, limit) if match else []

    def hits(self, ids, *, fuzzy):
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), highlight({FTS_TABLE}, 1, %s, %s), "  # nosec B608 - table name is a constant; values are parameters
            f"snippet({FTS_TABLE}, 2, %s, %s, '…', {SNIPPET_WORDS // 2}), "
            f"snippet({FTS_TABLE}, 3, %s, %s, '…', {SNIPPET_WORDS // 2}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})"
        )
        marked = {
            row[0]: row[1:] for row in self._rows(sql, [*[START, STOP] * 4, self.match, *ids])
        }
        hits = []
        for article in _in_order(Article.objects.filter(pk__in=ids).for_listing(), ids):
            title, summary, body, commentary = marked.get(article.pk, (article.title, "", "", ""))
            passage = body if START in body else commentary
            hits.append(SearchHit(article, marked_html(title), _snippet(article, summary, passage)))
        return hits


# ---------------------------------------------------------------------------
# Keeping the index in step


def refresh_search_index(article_ids=None):
    """Recompute the search index entries of these articles (every article when None).

    Call it after writing articles, sections, categories or tags without save()
    (bulk_create, update(), raw SQL); save() and the admin are covered by signals.
    Ids of deleted articles are dropped from the index. Runs in batches.
    """
    if article_ids is None:
        article_ids = Article.objects.order_by("pk").values_list("pk", flat=True)
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), REFRESH_BATCH):
        batch = ids[start : start + REFRESH_BATCH]
        if connection.vendor == "postgresql":
            Article.objects.filter(pk__in=batch).update(
                search_vector=_search_vector(), search_title_vector=_title_vector()
            )
        elif connection.vendor == "sqlite":
            _write_fts_rows(batch)


@task
def refresh_search_index_task(article_ids):
    """refresh_search_index in the background, for edits that touch many articles (a
    category renamed). No retries: the index is derived data, and every `migrate` or
    `manage.py rebuild_search_index` restores whatever a failed run left out."""
    refresh_search_index(article_ids)


def index_unindexed_articles():
    """Index every article missing from the index (and, on SQLite, forget deleted
    ones). Cheap when there is nothing to do; runs after every migrate."""
    if connection.vendor == "postgresql":
        missing = Article.objects.filter(
            Q(search_vector__isnull=True) | Q(search_title_vector__isnull=True)
        ).values_list("pk", flat=True)
        refresh_search_index(list(missing))
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM articles_article)"  # nosec B608 - table name is a constant; values are parameters
            )
            cursor.execute(
                f"SELECT id FROM articles_article WHERE id NOT IN (SELECT rowid FROM {FTS_TABLE})"  # nosec B608 - table name is a constant; values are parameters
            )
            missing = [row[0] for row in cursor.fetchall()]
        refresh_search_index(missing)


def _grouped_names(queryset, key, name):
    """One text per key: the names, space-separated (a correlated subquery)."""
    grouped = queryset.order_by().values(key).annotate(text=StringAgg(name, Value(" ")))
    return Coalesce(Subquery(grouped.values("text")), Value(""), output_field=TextField())


def _search_vector():
    """The weighted tsvector of an article: title (A), summary (B), body and
    commentary (C), source, category and tag names (D). HTML tags and entities are
    skipped by PostgreSQL's parser, so the rendered HTML can be indexed as it is."""
    config = settings.SEARCH_CONFIG
    article_type = ContentType.objects.get_for_model(Article)
    source = Subquery(
        Source.objects.filter(pk=OuterRef("source_id")).values(
            text=Concat("name", Value(" "), "domain", output_field=TextField())
        )
    )
    categories = _grouped_names(
        Article.categories.through.objects.filter(article=OuterRef("pk")),
        "article",
        "category__name",
    )
    tags = _grouped_names(
        TaggedItem.objects.filter(content_type=article_type, object_id=OuterRef("pk")),
        "object_id",
        "tag__name",
    )
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body_html", _sections_html(), weight="C", config=config)
        + SearchVector(source, categories, tags, weight="D", config=config)
    )


def _title_vector():
    """Title (A) and summary (B) alone: a few hundred bytes, kept in the table row, so
    ranking every match of a common word stays cheap."""
    config = settings.SEARCH_CONFIG
    return SearchVector("title", weight="A", config=config) + SearchVector(
        "summary", weight="B", config=config
    )


def _write_fts_rows(ids):
    article_type = ContentType.objects.get_for_model(Article)
    sections, names = {}, {}
    order = {kind: n for n, kind in enumerate(CommentarySection.Kind.values)}
    for article_id, _kind, body_html in sorted(
        CommentarySection.objects.filter(article_id__in=ids).values_list(
            "article_id", "kind", "body_html"
        ),
        key=lambda row: (row[0], order.get(row[1], 99)),
    ):
        sections.setdefault(article_id, []).append(plain_text(body_html))
    for article_id, name in Article.categories.through.objects.filter(
        article_id__in=ids
    ).values_list("article_id", "category__name"):
        names.setdefault(article_id, []).append(name)
    for article_id, name in TaggedItem.objects.filter(
        content_type=article_type, object_id__in=ids
    ).values_list("object_id", "tag__name"):
        names.setdefault(article_id, []).append(name)
    rows = []
    articles = Article.objects.filter(pk__in=ids).select_related("source")
    for article in articles.only("title", "summary", "body_html", "source__name", "source__domain"):
        source = [article.source.name, article.source.domain] if article.source else []
        rows.append(
            (
                article.pk,
                article.title,
                article.summary,
                plain_text(article.body_html),
                "\n".join(sections.get(article.pk, [])),
                " ".join(source + names.get(article.pk, [])),
            )
        )
    placeholders = ", ".join(["%s"] * len(ids))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", ids)  # nosec B608 - table name is a constant; values are parameters
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, commentary, names) "  # nosec B608 - table name is a constant; values are parameters
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )
