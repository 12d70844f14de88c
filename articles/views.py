from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView
from taggit.models import Tag

from articles.forms import SearchForm
from articles.models import (
    Article,
    Category,
    CommentarySection,
    SlugRedirect,
)
from articles.search import search_articles
from articles.services import published_count, published_counts_by_category
from petitions.services import petition_for_article
from truthsite.abuse import client_ip, hash_ip, over_limit, too_many_requests

RELATED_ARTICLES = 5


def can_preview(user):
    return user.is_authenticated and user.has_perm("articles.preview_article")


def article_detail(request, slug):
    sections = Prefetch(
        "sections", queryset=CommentarySection.objects.select_related("reviewed_by")
    )
    queryset = Article.objects.select_related("source").prefetch_related(
        "categories", "tags", sections
    )
    previewing = can_preview(request.user)
    visible = queryset if previewing else queryset.published()
    article = visible.filter(slug=slug).first()
    if article is None:
        moved = SlugRedirect.objects.filter(old_slug=slug).select_related("article").first()
        if moved and (previewing or moved.article.is_published):
            return redirect(moved.article, permanent=True)
        raise Http404("No such article")

    categories = list(article.categories.all())
    related = (
        Article.objects.published()
        .in_any_category([category.pk for category in categories])
        .exclude(pk=article.pk)
        .select_related("source")
        .only("title", "slug", "publish_at", "source__name", "source__domain")
        .order_by("-publish_at", "-id")[:RELATED_ARTICLES]
        if categories
        else []
    )
    body_lead, body_rest = article.body_parts(settings.ARTICLE_EXPAND_THRESHOLD)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "categories": categories,
            "sections": article.sections_in_order(),
            "tags": sorted(article.tags.all(), key=lambda tag: tag.name.lower()),
            "related": related,
            "body_lead": body_lead,
            "body_rest": body_rest,
            "is_preview": not article.is_published,
            "petition": petition_for_article(article),
            "metadata": article.sharing_metadata(),
        },
    )
    if not article.is_published:
        add_never_cache_headers(response)
    return response


class CountedOncePaginator(Paginator):
    """Counts the published articles once per change to them (articles.services)."""

    def __init__(self, *args, count_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name = count_name

    @cached_property
    def count(self):
        return published_count(self.count_name, self.object_list)


class ArticleListView(ListView):
    """A paginated list of published articles; subclasses narrow it."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginator_class = CountedOncePaginator

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def count_name(self):
        """What the list is, for its cached count."""
        return "all"

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, count_name=self.count_name(), **kwargs)


class CategoryArticlesView(ArticleListView):
    template_name = "articles/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(categories=self.category)

    def count_name(self):
        return f"category:{self.category.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class TagArticlesView(ArticleListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def count_name(self):
        return f"tag:{self.tag.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class CategoryListView(ListView):
    template_name = "articles/category_list.html"
    context_object_name = "categories"
    paginate_by = 50

    def get_queryset(self):
        return Category.objects.order_by("order", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = published_counts_by_category()
        for category in context["categories"]:
            category.article_count = counts.get(category.pk, 0)
        return context


def search(request):
    """/search/?q=...: ranked results with highlighted passages; never indexed."""
    categories = Category.objects.only("name", "slug").order_by("order", "name")
    form = SearchForm(request.GET or None, categories=list(categories))
    context = {"form": form, "max_query_length": settings.SEARCH_MAX_QUERY_LENGTH}
    if form.is_valid():
        if form.cleaned_data["q"].strip() and over_limit(
            "search", hash_ip(client_ip(request)), limit=settings.SEARCH_RATE_LIMIT, window=60
        ):
            response = too_many_requests(
                request, _("Too many searches from your network. Please wait a minute.")
            )
            response["Retry-After"] = "60"
            return response
        results = search_articles(
            form.cleaned_data["q"],
            category=form.cleaned_data["category"] or None,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
        if results.truncated:
            form.show_query(results.query)
        context["results"] = results
        if results.searchable:
            paginator = Paginator(results, settings.SEARCH_RESULTS_PER_PAGE)
            page = paginator.get_page(request.GET.get("page"))
            context.update(page_obj=page, paginator=paginator, is_paginated=page.has_other_pages())
    response = render(request, "articles/search.html", context)
    response.headers["X-Robots-Tag"] = "noindex"
    return response
