"""Sharing metadata of an article page: canonical URL, description, Open Graph,
Twitter card and schema.org NewsArticle JSON-LD, all with absolute URLs from SITE_URL.
Built here (through Article.sharing_metadata) and rendered by articles/_metadata.html.
"""

from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import to_locale

from articles.search import plain_text
from truthsite.models import SiteSettings

DESCRIPTION_LENGTH = 160
HEADLINE_LENGTH = 110  # what Google shows of a NewsArticle headline


@dataclass(frozen=True)
class PageMetadata:
    title: str
    description: str
    canonical_url: str
    open_graph: tuple[tuple[str, str], ...]  # (property, content), repeatable
    twitter: tuple[tuple[str, str], ...]  # (name, content)
    json_ld: dict


def iso_datetime(value):
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else None


def article_metadata(article):
    """Uses the article's source, categories and tags: select or prefetch them first."""
    site = SiteSettings.current()
    site_url = settings.SITE_URL + "/"
    canonical = settings.SITE_URL + article.get_absolute_url()
    text = article.summary or plain_text(article.body_html) or article.title
    description = Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)
    categories = [category.name for category in article.categories.all()]
    tags = sorted((tag.name for tag in article.tags.all()), key=str.lower)
    published = iso_datetime(article.publish_at)
    modified = iso_datetime(article.last_modified if article.publish_at else article.updated_at)
    language = settings.LANGUAGE_CODE.split("-")[0]

    open_graph = [
        ("og:type", "article"),
        ("og:title", article.title),
        ("og:description", description),
        ("og:url", canonical),
        ("og:site_name", site.name),
        ("og:locale", to_locale(settings.LANGUAGE_CODE)),
    ]
    if published:
        open_graph.append(("article:published_time", published))
    open_graph.append(("article:modified_time", modified))
    if categories:
        open_graph.append(("article:section", categories[0]))
    open_graph += [("article:tag", tag) for tag in tags]

    twitter = [
        ("twitter:card", "summary"),
        ("twitter:title", article.title),
        ("twitter:description", description),
    ]

    organisation = {"@type": "Organization", "name": site.name, "url": site_url}
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": Truncator(article.title).chars(HEADLINE_LENGTH),
        "description": description,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "datePublished": published,
        "dateModified": modified,
        "inLanguage": language,
        "author": organisation,
        "publisher": {
            **organisation,
            "logo": {"@type": "ImageObject", "url": urljoin(site_url, static("img/dove.svg"))},
        },
    }
    if article.source_url:
        json_ld["isBasedOn"] = article.source_url
    if categories:
        json_ld["articleSection"] = categories
    if tags:
        json_ld["keywords"] = tags
    return PageMetadata(
        title=article.title,
        description=description,
        canonical_url=canonical,
        open_graph=tuple(open_graph),
        twitter=tuple(twitter),
        json_ld={key: value for key, value in json_ld.items() if value is not None},
    )
