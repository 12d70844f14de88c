"""Demo content for `manage.py seed_demo`: hand-written fragments and the generator
that combines them into articles.

Article number n is built by a random generator seeded with n, so it comes out the
same on every run and every machine (which keeps seeding idempotent and benchmarks
comparable), while neighbouring numbers read differently. The people quoted are
invented; the places, institutions and history are real.

Every text is a tuple of Markdown blocks (paragraphs, a heading, a list). Blocks
come from small pools, so a large run repeats blocks rather than inventing new ones
and each distinct block needs rendering to HTML only once.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from articles.models import Article, CommentarySection, slug_for


def _paras(text):
    """Blank-line separated paragraphs, each reflowed onto one line."""
    return tuple(" ".join(chunk.split()) for chunk in text.strip().split("\n\n"))


# --- Sources -----------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSource:
    name: str
    domain: str
    time_zone: str
    # Each outlet has its own URL scheme; {id} keeps every demo article's URL unique.
    url: str


SOURCES = (
    DemoSource(
        "Ukrinform", "ukrinform.net", "Europe/Kyiv",
        "https://www.ukrinform.net/rubric-polytics/{id}-{slug}.html",
    ),
    DemoSource(
        "Capitol Ledger", "capitolledger.com", "America/New_York",
        "https://www.capitolledger.com/politics/{slug}-{id}",
    ),
    DemoSource(
        "Baltic Wire", "balticwire.news", "Europe/Riga",
        "https://balticwire.news/news/{id}/{slug}",
    ),
    DemoSource(
        "Danube Observer", "danubeobserver.eu", "Europe/Vienna",
        "https://www.danubeobserver.eu/world/{slug}.{id}.html",
    ),
    DemoSource(
        "Bosphorus Review", "bosphorusreview.com", "Europe/Istanbul",
        "https://bosphorusreview.com/en/{slug}-{id}",
    ),
    DemoSource(
        "Harbor City Tribune", "harborcitytribune.com", "America/Chicago",
        "https://www.harborcitytribune.com/story/{id}/{slug}/",
    ),
    DemoSource(
        "Pacific Rim Monitor", "pacificrimmonitor.com", "America/Los_Angeles",
        "https://pacificrimmonitor.com/articles/{slug}-{id}",
    ),
    DemoSource(
        "Nordic Policy Journal", "nordicpolicy.eu", "Europe/Oslo",
        "https://nordicpolicy.eu/analysis/{slug}-{id}",
    ),
    DemoSource(
        "Global Labor Review", "globallaborreview.org", "Europe/London",
        "https://globallaborreview.org/{id}/{slug}",
    ),
    DemoSource(
        "Kyiv Evening Courier", "kyivcourier.com.ua", "Europe/Kyiv",
        "https://kyivcourier.com.ua/en/news/{slug}-{id}.html",
    ),
    DemoSource(
        "Atlantic Dispatch", "atlanticdispatch.org", "America/Halifax",
        "https://www.atlanticdispatch.org/dispatch/{id}-{slug}",
    ),
    DemoSource(
        "Asia Press Wire", "asiapresswire.jp", "Asia/Tokyo",
        "https://www.asiapresswire.jp/en/{id}",
    ),
)  # fmt: skip


# --- Categories --------------------------------------------------------------------

# (name, description) in display order. The first three are the reference page's.
CATEGORIES = (
    ("U.S.–Russia Relations", "Diplomacy, sanctions and summitry between Washington and Moscow."),
    (
        "U.S.–NATO Relations",
        "America's commitments to the Atlantic alliance, and what allies expect in return.",
    ),
    (
        "Media Coverage & Press Relations",
        "How the story gets told: press access, briefings, and the newsrooms covering power.",
    ),
    (
        "Ukraine: War & Reconstruction",
        "The front line, the home front, and the long work of rebuilding.",
    ),
    (
        "European Security & Defence",
        "Armies, budgets and alliances from the Arctic to the Mediterranean.",
    ),
    ("Türkiye & the Black Sea", "Straits, shipping lanes and the politics of the Black Sea coast."),
    (
        "Humanitarian Aid & Refugees",
        "People displaced by war and disaster, and those working to help them.",
    ),
    ("Energy & Climate", "Power grids, fuel markets and the climate costs of both."),
    (
        "Sanctions & the Global Economy",
        "Price caps, export controls and who really pays for economic pressure.",
    ),
    (
        "Civil Liberties & Privacy",
        "Surveillance, free expression and the rights that security laws put at stake.",
    ),
    (
        "Elections & Democracy",
        "Voting, campaigns and the institutions that make elections trustworthy.",
    ),
    (
        "Congress & Foreign Policy",
        "Votes, hearings and budgets: where foreign policy becomes law.",
    ),
    ("Labor & Workers' Rights", "Strikes, wages and the people who build what policy orders."),
    (
        "Disinformation & Cybersecurity",
        "Influence campaigns, hacked systems and the fight over what is true.",
    ),
)

# Larger --categories values add "<theme> in <region>" categories after the set above.
CATEGORY_THEMES = (
    "Diplomacy", "Security", "Elections", "Energy", "Trade", "Human Rights", "Press Freedom",
    "Migration", "Climate", "Labor", "Public Health", "Technology",
)  # fmt: skip
CATEGORY_REGIONS = (
    "the Baltic States", "the Nordic Countries", "Central Europe", "the Balkans", "the Caucasus",
    "Central Asia", "the Middle East", "North Africa", "the Sahel", "East Africa",
    "Southern Africa", "South Asia", "Southeast Asia", "East Asia", "the Pacific Islands",
    "the Arctic", "Latin America", "the Caribbean", "Canada", "Mexico", "Moldova", "Romania",
    "Poland", "Germany", "France", "the United Kingdom", "Japan", "Brazil", "Côte d’Ivoire",
    "Türkiye",
)  # fmt: skip


def category_specs(total):
    """(name, description, order) for `total` categories: the hand-written set first."""
    specs = list(CATEGORIES[: max(total, 0)])
    combos = [(theme, region) for region in CATEGORY_REGIONS for theme in CATEGORY_THEMES]
    for index in range(max(0, total - len(CATEGORIES))):
        theme, region = combos[index % len(combos)]
        name = f"{theme} in {region}"
        if index >= len(combos):
            name += f" ({index // len(combos) + 1})"
        specs.append((name, f"Reporting and commentary on {theme.lower()} in {region}."))
    # Gaps of ten leave editors room to slot a category in between.
    return [
        (name, description, (index + 1) * 10) for index, (name, description) in enumerate(specs)
    ]


# --- Tags --------------------------------------------------------------------------

TAGS = (
    "Russia", "Ukraine", "NATO", "Kremlin", "White House", "State Department", "Pentagon",
    "Congress", "Senate", "European Union", "peace talks", "ceasefire", "security guarantees",
    "sanctions", "diplomacy", "Black Sea", "Türkiye", "grain exports", "shipping",
    "oil price cap", "shadow fleet", "energy security", "power grid", "winter", "refugees",
    "asylum", "humanitarian aid", "foreign aid", "defense spending", "arms exports",
    "press freedom", "White House press corps", "journalists", "detained journalists",
    "disinformation", "cybersecurity", "elections", "election security", "social media",
    "surveillance", "privacy", "civil liberties", "FISA", "labor unions", "strikes",
    "shipbuilding", "manufacturing", "human rights", "international law", "war crimes",
    "reconstruction", "Kyiv", "Moscow", "Brussels", "Ankara", "Geneva", "Baltic Sea",
    "Arctic", "climate", "media coverage",
)  # fmt: skip

# Larger --tags values add "<place> <theme>" tags, the kind a busy desk accumulates.
TAG_PLACES = (
    "Odesa", "Kharkiv", "Lviv", "Dnipro", "Mykolaiv", "Kherson", "Zaporizhzhia", "Sumy",
    "Chernihiv", "Poltava", "Vinnytsia", "Chișinău", "Bucharest", "Constanța", "Sofia",
    "Varna", "Istanbul", "Izmir", "Tbilisi", "Batumi", "Yerevan", "Baku", "Warsaw", "Gdańsk",
    "Kraków", "Vilnius", "Riga", "Tallinn", "Narva", "Helsinki", "Stockholm", "Oslo",
    "Copenhagen", "Berlin", "Hamburg", "Munich", "Prague", "Bratislava", "Budapest", "Vienna",
    "Ljubljana", "Zagreb", "Belgrade", "Sarajevo", "Skopje", "Tirana", "Athens", "Rome",
    "Paris", "Marseille", "The Hague", "London", "Dublin", "Reykjavík", "Madrid", "Lisbon",
    "Zürich", "Washington", "New York", "Chicago", "Detroit", "Houston", "Los Angeles",
    "Seattle", "Anchorage", "Ottawa", "Montréal", "Mexico City", "Tokyo", "Seoul", "Taipei",
    "Manila",
)  # fmt: skip
TAG_THEMES = (
    "elections", "protests", "budget", "energy", "housing", "transit", "port", "railways",
    "airport", "refugees", "schools", "hospitals", "courts", "police", "media", "press freedom",
    "cyberattacks", "drones", "air defence", "sanctions", "trade", "tariffs", "jobs", "strikes",
    "unions", "wages", "inflation", "food prices", "grain", "fertilizer", "pipelines",
    "gas supply", "power outages", "heating", "water supply", "floods", "wildfires", "heatwave",
    "climate policy", "reconstruction", "corruption", "procurement", "diplomacy", "summit",
    "embassy", "border", "customs", "visas", "asylum", "veterans", "military aid",
    "recruitment", "arms industry", "shipyards", "semiconductors", "data privacy",
    "surveillance", "disinformation", "universities", "research", "museums", "culture",
    "sports", "tourism", "public health", "vaccines", "pensions", "taxes", "city council",
    "local government", "demonstrations", "monuments",
)  # fmt: skip


def tag_names(total):
    """The first `total` names of the demo tag vocabulary: hand-written tags first."""
    names = list(TAGS[: max(total, 0)])
    combos = [f"{place} {theme}" for theme in TAG_THEMES for place in TAG_PLACES]
    for index in range(max(0, total - len(TAGS))):
        name = combos[index % len(combos)]
        if index >= len(combos):
            name += f" {index // len(combos) + 1}"
        names.append(name)
    return names


# --- To Do items -------------------------------------------------------------------

# key -> (bold title, sub-points). {subject} is the topic's subject phrase.
TODO_ITEMS = {
    "contact_congress": (
        "Contact your elected representatives",
        (
            "**Action**: Write, email or call your U.S. Senators and Representative "
            "about {subject}.",
            "**What to say**: Introduce yourself as a constituent, make one clear request, "
            "and ask for a written reply explaining their position.",
            "**Find them**: Look up your members at "
            "[congress.gov/members](https://www.congress.gov/members) or "
            "[usa.gov/elected-officials](https://www.usa.gov/elected-officials).",
        ),
    ),
    "humanitarian": (
        "Support humanitarian relief",
        (
            "**Action**: Donate to, or volunteer with, organisations helping civilians "
            "affected by {subject}.",
            "**Examples**: the [International Committee of the Red Cross](https://www.icrc.org), "
            "[UNHCR](https://www.unhcr.org) and "
            "[Doctors Without Borders](https://www.doctorswithoutborders.org).",
            "**Tip**: Read a charity's reports on "
            "[Charity Navigator](https://www.charitynavigator.org) before you give.",
        ),
    ),
    "press_freedom": (
        "Support independent journalism",
        (
            "**Action**: Subscribe to an outlet whose reporting you rely on, and back the "
            "groups that defend reporters when they are threatened.",
            "**Examples**: the [Committee to Protect Journalists](https://cpj.org), "
            "[Reporters Without Borders](https://rsf.org/en) and the "
            "[Freedom of the Press Foundation](https://freedom.press).",
        ),
    ),
    "follow_sources": (
        "Follow primary sources",
        (
            "**Action**: Read official statements and independent analysis yourself rather "
            "than relying on summaries of summaries.",
            "**Where**: [State Department briefings]"
            "(https://www.state.gov/department-press-briefings), "
            "[NATO news](https://www.nato.int/cps/en/natohq/news.htm) and "
            "[Congressional Research Service reports](https://crsreports.congress.gov).",
        ),
    ),
    "community_forum": (
        "Start a community conversation",
        (
            "**Action**: Organise or join a public discussion about {subject} at a library, "
            "place of worship or community centre.",
            "**Example**: Invite a local academic, journalist or veteran to speak for twenty "
            "minutes, and leave the rest of the evening for questions.",
        ),
    ),
    "petition": (
        "Sign and share a petition",
        (
            "**Action**: Add your name to a petition on the issues covered here, then send "
            "the link to three people who have not signed yet.",
            "**Where**: See [our current petitions](/petitions/).",
        ),
    ),
    "letter_editor": (
        "Write a letter to the editor",
        (
            "**Action**: Send a short letter (150–200 words) about {subject} to your local "
            "newspaper.",
            "**Tip**: Give it a local angle and name your representatives; their staff read "
            "the local papers closely.",
        ),
    ),
    "media_literacy": (
        "Check before you share",
        (
            "**Action**: Before passing on a dramatic claim, find the original source and at "
            "least one independent confirmation.",
            "**Tools**: the [News Literacy Project](https://newslit.org) has free lessons, and "
            "the [International Fact-Checking Network](https://www.poynter.org/ifcn/) lists "
            "verified fact-checkers.",
        ),
    ),
    "town_hall": (
        "Go to a town hall",
        (
            "**Action**: Attend a public meeting held by your representative and ask one "
            "specific question about {subject}.",
            "**Find one**: Check your representative's website or the "
            "[Town Hall Project](https://townhallproject.com).",
        ),
    ),
    "privacy": (
        "Protect your own communications",
        (
            "**Action**: Learn the basics of encrypted messaging and account security, and "
            "help a less technical friend do the same.",
            "**Guide**: the Electronic Frontier Foundation's "
            "[Surveillance Self-Defense](https://ssd.eff.org) is free and kept up to date.",
        ),
    ),
    "civil_liberties": (
        "Back civil-liberties advocates",
        (
            "**Action**: Follow and support the groups that litigate and lobby on privacy "
            "and free expression.",
            "**Examples**: the [ACLU](https://www.aclu.org), the "
            "[Electronic Frontier Foundation](https://www.eff.org) and the "
            "[Brennan Center for Justice](https://www.brennancenter.org).",
        ),
    ),
    "vote": (
        "Make sure you can vote",
        (
            "**Action**: Check your registration well before the deadline, and help a "
            "friend or neighbour check theirs.",
            "**Where**: [vote.gov](https://vote.gov) links to every state's registration page.",
        ),
    ),
    "labor": (
        "Stand with the workers",
        (
            "**Action**: Learn what the workers are asking for, and give to their strike "
            "fund or community pantry if they have one.",
            "**Learn more**: the [National Labor Relations Board](https://www.nlrb.gov) "
            "explains workers' rights; the [AFL-CIO](https://aflcio.org) tracks "
            "current disputes.",
        ),
    ),
    "refugees_local": (
        "Welcome refugees where you live",
        (
            "**Action**: Volunteer with a resettlement agency: tutoring, driving people to "
            "appointments, helping with job applications.",
            "**Examples**: the [International Rescue Committee](https://www.rescue.org), "
            "[HIAS](https://hias.org) and [Church World Service](https://cwsglobal.org).",
        ),
    ),
    "energy": (
        "Help keep the lights on",
        (
            "**Action**: Support groups that supply generators, heaters and repair equipment "
            "to towns whose power plants have been hit.",
            "**Examples**: [UNDP in Ukraine](https://www.undp.org/ukraine) and "
            "[Razom for Ukraine](https://www.razomforukraine.org) run energy projects.",
        ),
    ),
}
GENERAL_TODO_ITEMS = (
    "petition", "letter_editor", "follow_sources", "community_forum", "media_literacy",
    "contact_congress", "town_hall",
)  # fmt: skip
# Each topic's To Do list comes in this many versions, so lists vary yet stay few.
TODO_VARIANTS = 6


# --- Topics ------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    mention: str  # how the first mention reads: "Senator Ruth Calloway"
    surname: str
    headline: str  # a headline built on what this person said
    quotes: tuple  # things this person would say, without closing punctuation


@dataclass(frozen=True)
class Topic:
    """One running story: what its articles report and what the commentary argues."""

    key: str
    categories: tuple
    tags: tuple
    speakers: tuple
    places: tuple
    subject: str  # completes "commentary on ___": "the negotiations over ..."
    issue: str  # a shorter name for the same thing, for later mentions: "the peace talks"
    stake: str  # what is at stake, as a noun phrase
    todo_heading: str
    todo_items: tuple
    headlines: tuple  # headlines that quote nobody
    summaries: tuple
    leads: tuple
    context: tuple
    history: tuple


TOPICS = (
    Topic(
        key="peace-talks",
        categories=(
            "U.S.–Russia Relations",
            "U.S.–NATO Relations",
            "Media Coverage & Press Relations",
        ),  # fmt: skip
        tags=("Russia", "Ukraine", "peace talks", "security guarantees", "diplomacy", "Kremlin"),
        speakers=(
            Speaker(
                "Special Envoy Daniel Ashford",
                "Ashford",
                "Moscow gave ground on several front-line regions, {surname} says after "
                "{place} talks",
                _paras("""
                    We are not there yet, but for the first time the other side argued about the
                    details instead of the principle

                    Both sides left with homework, and that is more than we could say a month
                    ago
                """),
            ),
            Speaker(
                "Deputy Secretary of State Maren Holt",
                "Holt",
                "{surname}: security guarantee for Kyiv now 'on the table' after {place} meeting",
                _paras("""
                    A guarantee is only worth what the people giving it are prepared to do on
                    the worst day

                    We will not trade away anything that is not ours to trade
                """),
            ),
            Speaker(
                "Ambassador Claire Dunmore",
                "Dunmore",
                "Ambassador {surname} says {place} round moved talks from ceasefire to settlement",
                _paras("""
                    Nothing about Ukraine's borders will be decided in a room Ukrainians are not
                    sitting in

                    Our allies will see every line of this before anyone signs it
                """),
            ),
        ),  # fmt: skip
        places=("Geneva", "Helsinki", "Anchorage"),
        subject="the negotiations over Ukraine's security",
        issue="the peace talks",
        stake="a country's right to choose its own alliances",
        todo_heading="Personal Actions to Support a Just Peace",
        todo_items=("contact_congress", "humanitarian", "follow_sources"),
        headlines=_paras("""
            Talks in {place} end with first talk of a 'framework deal' on Ukraine

            Washington reports progress with Moscow after {place} round; Kyiv urges caution
        """),
        summaries=_paras("""
            {speaker} said Russian negotiators softened their position on territory and accepted
            that Ukraine could receive written security guarantees, though nothing has been
            signed.

            After the meeting in {place}, U.S. officials described "real movement" toward a
            framework deal, while Kyiv said nothing would be settled without its consent.
        """),
        leads=_paras("""
            {speaker} said on {weekday} that Russian negotiators in {place} had, for the first
            time, accepted language that would let the United States and European governments
            offer Ukraine a collective-defence style guarantee without NATO membership.

            Talks in {place} ended on {weekday} with what {speaker} called "the most concrete
            session since the war began", as both delegations agreed to stop discussing a
            temporary ceasefire and start drafting the outline of a permanent settlement.
        """),
        context=_paras("""
            The negotiations have stalled repeatedly over two questions: where a line of contact
            would be drawn, and who would stand behind Ukraine if the fighting resumed. Kyiv has
            insisted that any arrangement be backed by commitments that take effect
            automatically, rather than promises to consult.

            Russian officials have long called NATO membership for Ukraine unacceptable, and
            earlier rounds collapsed over that point. Diplomats familiar with the {place}
            discussions said the new proposal sidesteps membership by offering a treaty
            framework outside the alliance instead.

            Ukrainian officials were briefed by telephone after the session and are expected to
            send a delegation to Washington. European leaders, who were not in the room, have
            asked to see the text before endorsing any part of it.
        """),
        history=_paras("""
            The roots of this moment go back at least to 1994, when Ukraine gave up the nuclear
            weapons it had inherited from the Soviet Union in exchange for assurances of its
            territorial integrity from the United States, the United Kingdom and Russia. Those
            assurances were political, not binding, and in 2014 they proved worthless: Crimea
            was annexed and war broke out in the Donbas.

            Two ceasefire agreements signed in Minsk in 2014 and 2015 were meant to end that
            war. Neither did. Both were vague about sequencing and enforcement, each side
            accused the other of violating them from the first week, and they became a
            cautionary tale about agreements that postpone the hardest questions.
        """),
    ),
    Topic(
        key="nato-spending",
        categories=(
            "U.S.–NATO Relations",
            "European Security & Defence",
            "Congress & Foreign Policy",
        ),  # fmt: skip
        tags=("NATO", "defense spending", "Brussels", "Pentagon", "European Union", "Baltic Sea"),
        speakers=(
            Speaker(
                "Assistant Secretary General Pieter Vandermolen",
                "Vandermolen",
                "{surname}: allies agree on direction of defence spending, not on its speed",
                _paras("""
                    The alliance has never been stronger on paper. The question is whether the
                    paper turns into steel

                    Every ally has agreed where we are going. What we are arguing about is the
                    speed
                """),
            ),
            Speaker(
                "Defense Under Secretary Renata Quill",
                "Quill",
                "U.S. presses allies in {place} for a defence spending timetable, {surname} says",
                _paras("""
                    We are asking for a schedule, not a slogan

                    American taxpayers are entitled to ask whether everyone is carrying their
                    share
                """),
            ),
            Speaker(
                "Lithuanian deputy defence minister Rasa Vaitkutė",
                "Vaitkutė",
                "{surname}: eastern flank 'cannot wait a decade' for promised air defences",
                _paras("""
                    Every month of delay is a month someone else gets to plan around our
                    weakness

                    Ammunition ordered today arrives in two years. The threat does not wait two
                    years
                """),
            ),
        ),  # fmt: skip
        places=("Brussels", "Vilnius", "The Hague"),
        subject="the argument over NATO defence budgets",
        issue="defence spending",
        stake="security that does not come at the expense of everything else a society needs",
        todo_heading="How to Weigh In on Defence Spending",
        todo_items=("contact_congress", "town_hall", "follow_sources"),
        headlines=_paras("""
            Allies split over timetable for new defence spending target

            NATO ministers in {place} trade pledges and warnings over burden sharing
        """),
        summaries=_paras("""
            Defence ministers meeting in {place} agreed on the direction of higher military
            budgets but not on how fast to get there, with {speaker} warning that delays would
            be noticed in Moscow.

            Washington pressed European allies for faster increases in defence budgets, while
            several governments said social spending and public opinion limit what they can
            promise.
        """),
        leads=_paras("""
            Defence ministers from NATO's member states ended two days of meetings in {place} on
            {weekday} with a statement endorsing higher military budgets but leaving the
            timetable for reaching them to each government, a compromise {speaker} described as
            "a floor, not a ceiling".

            Allies were pressed at {weekday}'s session in {place} to speed up increases in
            defence spending, according to {speaker}, who said the gap between pledges and
            deliveries of air-defence systems had become "impossible to ignore".
        """),
        context=_paras("""
            At the Wales summit in 2014, allies committed to move toward spending 2 percent of
            their economic output on defence within a decade. Fewer than a third met that goal
            on time, and proposals for a higher target have reopened old arguments about what
            should count as defence spending.

            Member states that border Russia or Belarus have led the calls for faster
            rearmament. Several already spend well above the alliance's old benchmark and argue
            that shortages of air defence and artillery ammunition matter more than headline
            percentages.

            Critics in several parliaments have asked whether rapid increases can be absorbed by
            an arms industry that already has long waiting lists, or whether much of the money
            will simply raise prices.
        """),
        history=_paras("""
            The alliance was founded in 1949 with twelve members and a simple promise in Article
            5: an armed attack against one would be treated as an attack against all. For four
            decades that promise was aimed at the Soviet Union. After 1991 the alliance searched
            for a new purpose, expanded eastward in several waves, and cut budgets as
            governments collected what they called a peace dividend.

            That dividend was spent long ago. The annexation of Crimea in 2014 and the
            full-scale invasion of Ukraine in 2022 ended the assumption that large wars in
            Europe belonged to the past, and governments that had shrunk their armies for thirty
            years discovered how slowly armies are rebuilt.
        """),
    ),
    Topic(
        key="press-pool",
        categories=("Media Coverage & Press Relations", "Civil Liberties & Privacy"),
        tags=(
            "press freedom",
            "White House press corps",
            "journalists",
            "White House",
            "media coverage",
        ),  # fmt: skip
        speakers=(
            Speaker(
                "correspondents' association president Lena Okafor",
                "Okafor",
                "{surname}: officials 'should not pick their own questioners' at {place}",
                _paras("""
                    The people being questioned should not get to pick the people asking the
                    questions

                    Access is not a favour. It is how the public finds out what was done in its
                    name
                """),
            ),
            Speaker(
                "deputy press secretary Grant Whitlow",
                "Whitlow",
                "{surname} defends changes to who questions officials at {place}",
                _paras("""
                    This is about opening the doors, not closing them

                    The room was designed for a media world that no longer exists
                """),
            ),
            Speaker(
                "media law professor Tomás Ibarra",
                "Ibarra",
                "Press-pool changes at {place} set a precedent, law professor {surname} warns",
                _paras("""
                    If you can lose your seat for an unwelcome question, everyone in the room
                    hears the message

                    Nothing requires officials to hold briefings. But once they do, they cannot
                    hand out seats by viewpoint
                """),
            ),
        ),  # fmt: skip
        places=("the White House", "the Pentagon", "the State Department"),
        subject="the fight over who gets to question officials",
        issue="press access",
        stake="a press that answers to its readers rather than to the powerful",
        todo_heading="Ways to Defend a Free Press",
        todo_items=("press_freedom", "media_literacy", "letter_editor"),
        headlines=_paras("""
            New press-pool rules at {place} draw protest from correspondents

            Reporters say seating shake-up at {place} rewards friendly outlets
        """),
        summaries=_paras("""
            Correspondents objected after officials said that they, rather than the journalists'
            own association, would decide which outlets fill the rotating press pool at {place}.

            {speaker} weighed in as press groups warned that the new rules at {place} would let
            officials choose their own questioners.
        """),
        leads=_paras("""
            Officials announced on {weekday} that they would take over the assignment of seats
            and pool positions at {place}, a job that for decades has been done by the
            journalists who cover it. The change drew an immediate response from {speaker}.

            Correspondents who cover {place} said on {weekday} that they had been told by email
            of new rules for the rotating press pool, under which officials will decide which
            outlets travel with senior figures and who is called on at briefings. {speaker}
            confirmed the changes.
        """),
        context=_paras("""
            The pool system exists because not every outlet fits into an aircraft cabin or a
            small office. A handful of reporters, photographers and camera crews stand in for
            everyone else and share what they see. The rotation has traditionally been drawn up
            by the correspondents themselves, so that no official can reward or punish
            individual outlets.

            Press-freedom groups have recorded a rise in restrictions on access in recent years,
            from revoked credentials to briefings open only to invited outlets. They warn that
            such changes are rarely reversed once in place.

            Officials pointed out that the number of outlets seeking credentials has grown
            sharply with the rise of podcasts and online publications, and said the old
            arrangements had not kept pace.
        """),
        history=_paras("""
            The White House Correspondents' Association was founded in 1914, partly in response
            to rumours that a congressional committee would decide who could attend presidential
            press conferences. For more than a century the principle has held that journalists,
            not the people they cover, organise the press pool.

            Fights over access are as old as the press itself. Administrations of both parties
            have frozen out reporters they disliked, leaked selectively to favoured outlets and
            cancelled briefings when the news was bad. What changes from one era to the next is
            whether the institutions built to resist that pressure hold firm.
        """),
    ),
    Topic(
        key="black-sea-grain",
        categories=(
            "Türkiye & the Black Sea",
            "Ukraine: War & Reconstruction",
            "Sanctions & the Global Economy",
        ),  # fmt: skip
        tags=("Black Sea", "grain exports", "shipping", "Türkiye", "Ukraine", "Ankara"),
        speakers=(
            Speaker(
                "port authority director Oleksandr Kravets",
                "Kravets",
                "{surname}: grain ships sail again, but spare parts for repairs are running out",
                _paras("""
                    We have learned to repair a terminal in days. We cannot repair trust that
                    quickly

                    Farmers do not stop growing grain because of a war. They stop when they
                    cannot sell it
                """),
            ),
            Speaker(
                "Turkish transport official Elif Demirtaş",
                "Demirtaş",
                "{surname}: the straits will stay open to merchant ships",
                _paras("""
                    The straits are open to trade, as they have been under every government
                    since 1936

                    Nobody in this region profits from hungry cities on the other side of the
                    sea
                """),
            ),
            Speaker(
                "shipping analyst Nadia Firth",
                "Firth",
                "{surname}: insurers, not warships, decide whether Black Sea corridor survives",
                _paras("""
                    The premium a shipowner pays tells you more about the risk than any
                    statement from a ministry

                    Every ship that sails is a vote of confidence, and every strike takes some
                    of that confidence away
                """),
            ),
        ),  # fmt: skip
        places=("Odesa", "Chornomorsk", "Pivdennyi"),
        subject="the struggle to keep the Black Sea grain route open",
        issue="the grain corridor",
        stake="food security for people who never chose this war",
        todo_heading="Personal Steps Against Hunger and War",
        todo_items=("humanitarian", "follow_sources", "contact_congress"),
        headlines=_paras("""
            Grain ships resume sailings from {place} after week-long halt

            Drone strike near {place} tests fragile Black Sea shipping route
        """),
        summaries=_paras("""
            Cargo traffic along the Black Sea corridor picked up again after a pause caused by
            strikes on port infrastructure, {speaker} said, though insurance costs remain high.

            Exporters and shipowners are weighing war-risk premiums against a large harvest as
            the route out of Ukraine's ports faces renewed attacks.
        """),
        leads=_paras("""
            Bulk carriers began leaving {place} again on {weekday} after a halt of more than a
            week, {speaker} said, as crews repaired cranes and grain terminals damaged in
            overnight drone attacks.

            Shipping traffic in the western Black Sea slowed sharply this week after a strike
            near {place}, and {speaker} warned on {weekday} that the corridor's future depended
            as much on insurers' nerves as on naval protection.
        """),
        context=_paras("""
            Before 2022, Ukraine was among the world's largest exporters of wheat, maize and
            sunflower oil, and most of that trade left through its Black Sea ports. A
            UN-brokered arrangement let exports continue for a year until Russia withdrew from
            it in 2023; since then Ukraine has relied on a corridor that hugs the coasts of
            Romania, Bulgaria and Türkiye.

            Türkiye controls access to the Black Sea through the Bosphorus and the Dardanelles
            under the 1936 Montreux Convention, and has restricted the passage of warships since
            the invasion, leaving commercial shipping without large foreign naval escorts.

            Importers in North Africa and the Middle East watch the corridor closely, because
            interruptions there show up within weeks in the price of bread.
        """),
        history=_paras("""
            The straits have been contested for as long as there have been empires around the
            Black Sea. The Montreux Convention of 1936 settled the modern rules: merchant ships
            pass freely in peacetime, while Türkiye may restrict warships when the region is at
            war. Those rules have held through the Second World War, the Cold War and now this
            conflict.

            In 2022 the blockade of Ukraine's ports trapped millions of tonnes of grain and
            pushed up food prices from Cairo to Dhaka. The deal that reopened them, brokered by
            the United Nations and Türkiye, showed that even warring states can agree on food;
            its collapse a year later showed how fragile that agreement was.
        """),
    ),
    Topic(
        key="shadow-fleet",
        categories=(
            "Sanctions & the Global Economy",
            "U.S.–Russia Relations",
            "Energy & Climate",
        ),  # fmt: skip
        tags=("sanctions", "oil price cap", "shadow fleet", "Russia", "shipping", "Baltic Sea"),
        speakers=(
            Speaker(
                "Treasury official Hannah Brightwell",
                "Brightwell",
                "U.S. adds dozens of tankers to sanctions list, {surname} says",
                _paras("""
                    Every tanker we list has to be replaced, and every replacement costs them
                    money and time

                    Enforcement is a marathon. People expected a sprint
                """),
            ),
            Speaker(
                "maritime investigator Jonas Lindqvist",
                "Lindqvist",
                "{surname}: ageing tankers in {place} show the limits of the oil price cap",
                _paras("""
                    Sooner or later one of these ships will break up in a busy sea lane, and the
                    bill will not be sent to Moscow

                    Half of these ships would have been scrapped years ago if anyone had looked
                    closely
                """),
            ),
            Speaker(
                "energy economist Priya Raman",
                "Raman",
                "{surname}: sanctions on Russian oil are working 'more slowly than promised'",
                _paras("""
                    The cap was designed to keep oil flowing while cutting revenue. It is doing
                    the first part better than the second

                    Revenue is falling, just not as fast as the speeches suggested
                """),
            ),
        ),  # fmt: skip
        places=("the Baltic Sea", "the Gulf of Finland", "the Danish straits"),
        subject="the effort to enforce sanctions on Russian oil",
        issue="sanctions enforcement",
        stake="sanctions that bite the Kremlin rather than ordinary consumers",
        todo_heading="What Citizens Can Do About Sanctions Enforcement",
        todo_items=("contact_congress", "follow_sources", "media_literacy"),
        headlines=_paras("""
            Shadow fleet grows as old tankers slip through {place}

            Coastal states step up checks on tankers' insurance papers in {place}
        """),
        summaries=_paras("""
            Investigators tracking tankers through {place} say a fleet of old, thinly insured
            ships keeps Russian crude flowing above the price cap; {speaker} says the gaps are
            well known.

            New designations target vessels and traders accused of helping Moscow sell oil above
            the agreed cap, but analysts doubt they will dent export volumes soon.
        """),
        leads=_paras("""
            The United States added dozens of tankers and several trading firms to its sanctions
            list on {weekday}, in what {speaker} called the broadest action yet against the
            fleet of ageing ships carrying Russian oil through {place}.

            A tanker built more than twenty years ago and registered to a company with no known
            office drifted without power for several hours in {place} on {weekday}, renewing
            warnings from {speaker} about the risks posed by Russia's shadow fleet.
        """),
        context=_paras("""
            The Group of Seven and the European Union introduced a price cap on Russian crude in
            December 2022. Western companies may ship, insure or finance Russian oil only if it
            is sold below the cap, which was meant to keep supplies flowing while reducing the
            Kremlin's revenue.

            To get around the rule, traders assembled a fleet of older tankers with opaque
            ownership and insurance from outside the G7. Researchers estimate it numbers several
            hundred vessels, many of them past the age at which mainstream operators scrap
            ships.

            Coastal states along {place} have begun checking the insurance documents of passing
            tankers, but international law limits how far they can interfere with ships
            exercising the right of innocent passage.
        """),
        history=_paras("""
            Economic sanctions have a long and mixed record. The embargo on apartheid South
            Africa took years to matter and mattered most in combination with internal
            resistance; the sanctions on Iraq in the 1990s devastated civilians while leaving
            the regime in place. The lesson usually drawn is that sanctions work best when they
            are targeted, sustained and coordinated.

            Sanctions on Russia began after the annexation of Crimea in 2014 and were modest at
            first. After 2022 they expanded to cover much of Russia's central bank reserves, its
            technology imports and finally its oil, the largest single source of the state
            budget.
        """),
    ),
    Topic(
        key="energy-grid",
        categories=(
            "Ukraine: War & Reconstruction",
            "Energy & Climate",
            "Humanitarian Aid & Refugees",
        ),  # fmt: skip
        tags=("power grid", "winter", "energy security", "Ukraine", "Kyiv", "reconstruction"),
        speakers=(
            Speaker(
                "grid operator spokesperson Iryna Sokil",
                "Sokil",
                "{surname}: rolling blackouts to continue while crews repair substations",
                _paras("""
                    We fix a line, they hit it again. The question is who runs out first, and it
                    will not be us

                    We have spare parts for weeks, not months
                """),
            ),
            Speaker(
                "deputy mayor Maksym Hrytsenko",
                "Hrytsenko",
                "{place} opens heating points as deputy mayor {surname} warns of long outages",
                _paras("""
                    People here have learned to charge everything at three in the morning

                    Every school gym in the city is ready to become a warm room tonight
                """),
            ),
            Speaker(
                "energy engineer Dmytro Lysak",
                "Lysak",
                "{surname}: repair crews in {place} are racing the first frost",
                _paras("""
                    A transformer is not a gun, but this winter it may save as many lives

                    We are building a grid that can take a punch: smaller, spread out, harder to
                    switch off
                """),
            ),
        ),  # fmt: skip
        places=("Kharkiv", "Kyiv", "Zaporizhzhia"),
        subject="the battle to keep Ukraine's power and heat running",
        issue="Ukraine's energy crisis",
        stake="civilians' right to survive the winter in their own homes",
        todo_heading="How to Help Communities Through the Winter",
        todo_items=("energy", "humanitarian", "contact_congress"),
        headlines=_paras("""
            Rolling blackouts return to {place} after strikes on substations

            Power cut to hundreds of thousands around {place} after overnight attack
        """),
        summaries=_paras("""
            Households in {place} face scheduled power cuts of up to twelve hours a day after
            overnight attacks damaged substations, {speaker} said.

            Engineers are patching the grid with salvaged equipment and donated transformers,
            but {speaker} warned that repairs cannot keep pace with the strikes.
        """),
        leads=_paras("""
            Power was cut to hundreds of thousands of homes in and around {place} on {weekday}
            after missiles and drones struck substations overnight, and {speaker} said scheduled
            outages would continue for at least several days.

            City authorities in {place} opened dozens of heated shelters on {weekday} as
            {speaker} warned residents to prepare for blackouts lasting longer than at any time
            since the start of the heating season.
        """),
        context=_paras("""
            Russia has attacked Ukraine's energy system in waves since the autumn of 2022,
            targeting power plants, substations and gas facilities. Ukrainian officials say more
            than half of the country's generating capacity has been damaged or occupied at some
            point during the war.

            Large transformers are built to order and can take a year or more to manufacture.
            Allied governments and utilities have shipped spare equipment from their own
            reserves, and engineers have learned to cannibalise damaged sites to keep others
            running.

            Municipalities including {place} have been installing small gas turbines, rooftop
            solar and battery storage near hospitals and water pumping stations, so that
            essential services can run even when the national grid fails.
        """),
        history=_paras("""
            Ukraine's power grid was built as part of the Soviet system and for decades was
            synchronised with Russia's. In February 2022 it happened to be disconnected for a
            planned test on the morning the full-scale invasion began; within weeks it was
            joined to the continental European grid instead, an engineering feat that had been
            expected to take years.

            Attacks on civilian infrastructure are restricted by the Geneva Conventions, which
            prohibit strikes on objects indispensable to the survival of the civilian population
            and attacks whose expected civilian harm is excessive. Whether strikes on power
            stations meet that standard is now the subject of international legal proceedings.
        """),
    ),
    Topic(
        key="refugee-protection",
        categories=("Humanitarian Aid & Refugees", "Ukraine: War & Reconstruction"),
        tags=("refugees", "asylum", "European Union", "humanitarian aid", "human rights"),
        speakers=(
            Speaker(
                "EU home affairs spokesperson Sofie Brandt",
                "Brandt",
                "EU extends protection for Ukrainian refugees for another year, {surname} says",
                _paras("""
                    Protection continues. What we must build now is a path beyond it

                    No one will be asked to leave while it is not safe to go home
                """),
            ),
            Speaker(
                "refugee advocate Marta Zielińska",
                "Zielińska",
                "{surname}: 'temporary' protection cannot stay temporary forever",
                _paras("""
                    Nobody can plan a life one year at a time

                    These are not guests any more. They are neighbours, colleagues and parents
                    at the school gate
                """),
            ),
            Speaker(
                "deputy mayor Piotr Nowacki",
                "Nowacki",
                "Cities ask who pays as refugee protection is extended, {surname} says",
                _paras("""
                    We cannot ask cities to carry a continental responsibility on a municipal
                    budget

                    Solidarity was easy in the first month. The test is the fourth year
                """),
            ),
        ),  # fmt: skip
        places=("Warsaw", "Berlin", "Prague"),
        subject="the future of protection for people displaced by the war",
        issue="refugee protection",
        stake="the promise that people fleeing war will not be left in limbo",
        todo_heading="Ways to Stand with Displaced Families",
        todo_items=("refugees_local", "humanitarian", "contact_congress"),
        headlines=_paras("""
            Refugees in {place} face an uncertain future as housing support winds down

            EU ministers extend temporary protection again as {place} counts the cost
        """),
        summaries=_paras("""
            European governments agreed to extend temporary protection for people who fled
            Ukraine, but {speaker} said cities like {place} need long-term funding, not another
            one-year extension.

            Families who have lived in {place} for years still do not know whether they can
            stay, and advocates say the uncertainty keeps them out of stable jobs and homes.
        """),
        leads=_paras("""
            European Union interior ministers agreed on {weekday} to extend the temporary
            protection granted to people who fled the war in Ukraine for another year, a
            decision {speaker} welcomed while warning that cities such as {place} could not keep
            relying on short-term fixes.

            Thousands of Ukrainian families in {place} learned on {weekday} that a housing
            allowance many depend on will be reduced from next month, and {speaker} said the
            change risked pushing people who have found work back into crisis.
        """),
        context=_paras("""
            In March 2022 the European Union activated its Temporary Protection Directive for
            the first time, giving people fleeing Ukraine the right to live, work and study in
            any member state without going through the asylum system. More than four million
            people hold that status.

            The directive was written after the wars in the former Yugoslavia and was never
            meant to be used for years on end. Governments have extended it repeatedly while
            debating what should replace it.

            Cities such as {place} have absorbed much of the cost of housing, schooling and
            health care. Mayors say national governments and Brussels have been slow to
            reimburse them.
        """),
        history=_paras("""
            The modern refugee system was built after the Second World War, when millions of
            displaced people remained in camps across Europe. The 1951 Refugee Convention set
            out who counts as a refugee and established the principle of non-refoulement: nobody
            may be returned to a country where they face persecution.

            Europe's welcome for Ukrainians stands in contrast with its response to people
            fleeing Syria, Afghanistan and elsewhere, who have faced fences, pushbacks and
            years-long asylum procedures. Advocates argue that the speed and generosity shown in
            2022 proved what is possible when governments decide to act.
        """),
    ),
    Topic(
        key="aid-vote",
        categories=(
            "Congress & Foreign Policy",
            "Ukraine: War & Reconstruction",
            "U.S.–NATO Relations",
        ),  # fmt: skip
        tags=("Congress", "foreign aid", "Senate", "Ukraine", "arms exports"),
        speakers=(
            Speaker(
                "Senator Ruth Calloway",
                "Calloway",
                "Aid package clears a hurdle in {place}, but {surname} says the fight is not over",
                _paras("""
                    Every week we argue is a week the front line pays for

                    Allies are watching whether our word lasts longer than a news cycle
                """),
            ),
            Speaker(
                "Representative Marcus Delaney",
                "Delaney",
                "{surname} warns aid bill could stall over oversight demands",
                _paras("""
                    I am not against helping Ukraine. I am against writing blank checks

                    Oversight is not obstruction. It is the job we were elected to do
                """),
            ),
            Speaker(
                "budget analyst Theo Park",
                "Park",
                "{surname}: most of the Ukraine aid money is spent in the United States",
                _paras("""
                    Most of this money never leaves the country. It pays workers in Ohio and
                    Arizona to replace what we sent

                    The headline number and the money that reaches Kyiv are two very different
                    figures
                """),
            ),
        ),  # fmt: skip
        places=("the Senate", "the House", "the appropriations committee"),
        subject="the congressional fight over aid to Ukraine",
        issue="the aid package",
        stake="keeping America's word to a partner under attack",
        todo_heading="Make Your Voice Heard in Congress",
        todo_items=("contact_congress", "town_hall", "vote"),
        headlines=_paras("""
            What is in the aid package now before {place}

            Aid for Ukraine stalls again in {place} amid spending dispute
        """),
        summaries=_paras("""
            Lawmakers advanced a package of military and economic aid, but {speaker} warned that
            conditions attached in {place} could delay deliveries for months.

            A breakdown of the aid bill shows most of the money is spent in the United States,
            replenishing stocks and paying American manufacturers, {speaker} said.
        """),
        leads=_paras("""
            An aid package for Ukraine that has been stalled for months cleared {place} on
            {weekday}, and {speaker} said the vote showed that support for Kyiv still commands a
            majority, even if that majority has grown quieter.

            Negotiations over a new aid package for Ukraine hit fresh trouble in {place} on
            {weekday}, when {speaker} said a group of lawmakers would not support it unless it
            was tied to unrelated spending demands.
        """),
        context=_paras("""
            Congress has approved several rounds of assistance for Ukraine since 2022, combining
            weapons, budget support for the Ukrainian government and humanitarian aid. A large
            share of the military portion is used to replace U.S. stocks, so it is spent with
            American manufacturers.

            Support has become more partisan over time. Polls show most Americans still back
            some assistance, but a growing minority wants it reduced or tied to negotiations,
            and that minority has outsized influence in a narrowly divided chamber.

            Inspectors general from several agencies have published regular reports on how the
            aid is tracked. They have found record-keeping problems but no evidence of
            significant diversion of weapons.
        """),
        history=_paras("""
            Congress has argued about foreign aid since the Marshall Plan, which was sold to a
            sceptical public in 1948 as both generosity and self-interest. Lend-Lease before it,
            and aid to Greece and Turkey under the Truman Doctrine, set the pattern of
            presidents asking and Congress attaching conditions.

            The power of the purse is Congress's strongest tool in foreign policy. Presidents
            can negotiate, recognise governments and command the armed forces, but they cannot
            spend money that has not been appropriated, which is why so many fights over the
            country's role in the world end up in budget bills.
        """),
    ),
    Topic(
        key="disinformation",
        categories=(
            "Disinformation & Cybersecurity",
            "Elections & Democracy",
            "Media Coverage & Press Relations",
        ),  # fmt: skip
        tags=(
            "disinformation",
            "social media",
            "election security",
            "elections",
            "cybersecurity",
        ),  # fmt: skip
        speakers=(
            Speaker(
                "researcher Anneke Vos",
                "Vos",
                "{surname}: influence campaign in {place} used AI-made videos of local reporters",
                _paras("""
                    The goal is not to make people believe one lie. It is to make them believe
                    nothing

                    We found them because they made mistakes. The next ones will make fewer
                """),
            ),
            Speaker(
                "platform safety lead Jordan Ellery",
                "Ellery",
                "Platform removes network targeting {place} voters, {surname} says",
                _paras("""
                    We removed the network within days of confirming it, and we are still
                    looking

                    By the time a fake is debunked, it has already done its work
                """),
            ),
            Speaker(
                "election commissioner Beatriz Salgado",
                "Salgado",
                "{surname}: election officials in {place} want faster action from platforms",
                _paras("""
                    Trust in local news is the target, because local news is what people still
                    trust

                    We can count every ballot. We cannot count every lie
                """),
            ),
        ),  # fmt: skip
        places=("Moldova", "Romania", "Germany"),
        subject="the spread of coordinated disinformation around elections",
        issue="election disinformation",
        stake="voters' right to choose on the basis of what is true",
        todo_heading="Practical Defences Against Disinformation",
        todo_items=("media_literacy", "vote", "press_freedom"),
        headlines=_paras("""
            Network of fake news sites targeting {place} voters taken down

            Researchers trace {place} election rumours to paid accounts abroad
        """),
        summaries=_paras("""
            Researchers identified hundreds of accounts and lookalike news sites pushing
            coordinated claims ahead of the vote in {place}, and {speaker} said platforms were
            slow to act.

            A campaign that imitated trusted local outlets reached millions of people in {place}
            before it was removed, according to {speaker}.
        """),
        leads=_paras("""
            A network of more than two hundred social media accounts and a dozen websites
            imitating local newspapers was taken down on {weekday}, after researchers linked it
            to a campaign to suppress turnout in {place}, {speaker} said.

            Videos that appeared to show well-known local journalists in {place} reading
            fabricated reports were viewed millions of times before being removed, {speaker}
            said on {weekday}, describing the campaign as the most sophisticated yet seen in the
            region.
        """),
        context=_paras("""
            Influence campaigns around elections in Europe and North America have become more
            common since 2016 and have shifted from obvious propaganda toward imitation of
            trusted sources. Researchers call the tactic "doppelganger" operations, after sites
            that copy the design of real newspapers.

            Cheap tools for generating realistic audio and video have lowered the cost of such
            campaigns. Election authorities in {place} have asked platforms to label synthetic
            media and to respond faster to reports during campaign periods.

            Platforms say they remove most coordinated networks they find, but independent
            researchers complain that access to the data needed to detect them has been reduced
            in recent years.
        """),
        history=_paras("""
            Propaganda aimed at foreign audiences is nothing new. During the Cold War both
            superpowers ran radio stations, planted stories and funded friendly publications
            abroad. What has changed is speed and scale: a campaign that once required a
            printing press and a network of agents now needs a few accounts and an advertising
            budget.

            The 2016 elections in the United States and the Brexit referendum were turning
            points in public awareness. Investigations that followed documented how foreign
            actors exploited existing divisions rather than creating new ones, a pattern that
            has repeated in elections since.
        """),
    ),
    Topic(
        key="surveillance",
        categories=("Civil Liberties & Privacy", "Congress & Foreign Policy"),
        tags=("surveillance", "privacy", "civil liberties", "FISA", "Congress"),
        speakers=(
            Speaker(
                "Senator Alan Whitcombe",
                "Whitcombe",
                "{surname}: intelligence agencies searched Americans' data 'thousands of times'",
                _paras("""
                    If the government wants to read an American's messages, it should ask a
                    judge. That is not a radical idea

                    Every reform we were promised last time turned out to be a memo, not a law
                """),
            ),
            Speaker(
                "privacy lawyer Noor Haddad",
                "Haddad",
                "{surname}: surveillance renewal ignores the court's own findings of misuse",
                _paras("""
                    Privacy is not the opposite of security. It is one of the things security is
                    for

                    The court's own opinions describe the abuses. Congress only has to read them
                """),
            ),
            Speaker(
                "intelligence official Carla Benning",
                "Benning",
                "{surname} warns against warrant rule as surveillance law nears expiry",
                _paras("""
                    These authorities have stopped attacks. Weakening them now would be a gamble
                    with lives

                    By the time a warrant is granted, the lead has gone cold
                """),
            ),
        ),  # fmt: skip
        places=(
            "the Senate Judiciary Committee",
            "the House Judiciary Committee",
            "the House Intelligence Committee",
        ),  # fmt: skip
        subject="the renewal of warrantless surveillance powers",
        issue="surveillance reform",
        stake="Americans' right not to be searched without a warrant",
        todo_heading="Protecting Privacy: What You Can Do",
        todo_items=("civil_liberties", "privacy", "contact_congress"),
        headlines=_paras("""
            Lawmakers clash over warrant requirement as surveillance law nears expiry

            Surveillance renewal advances in {place} without privacy amendments
        """),
        summaries=_paras("""
            A bill to renew a key foreign-intelligence surveillance power moved forward in
            {place}, as {speaker} joined the argument over a warrant requirement for searches of
            Americans' communications.

            New figures show how often agencies query intercepted data for information about
            Americans, reopening the debate over whether Congress should renew the law
            unchanged.
        """),
        leads=_paras("""
            A bill renewing one of the government's most powerful surveillance authorities moved
            forward in {place} on {weekday}, after an amendment requiring a warrant to search
            for Americans' communications failed by a narrow margin, {speaker} said.

            Intelligence agencies searched data collected without a warrant for information
            about Americans thousands of times last year, {speaker} said on {weekday}, citing
            figures presented to {place}.
        """),
        context=_paras("""
            Section 702 of the Foreign Intelligence Surveillance Act allows agencies to collect
            the communications of foreigners abroad without individual warrants. Those
            communications often include messages with Americans, which can later be searched.

            Declassified court opinions have described improper searches, including queries
            about protesters, political donors and crime victims. Officials say compliance has
            improved and that the searches are vital for counterterrorism and counter-espionage
            work.

            The law has repeatedly been renewed shortly before expiry, and critics say the
            deadline pressure has been used to defeat amendments that might otherwise pass.
        """),
        history=_paras("""
            The Foreign Intelligence Surveillance Act was passed in 1978 after the Church
            Committee exposed decades of abuses, including the surveillance of civil rights
            leaders and anti-war activists. Its central idea was simple: spying on people in the
            United States would require approval from a special court.

            After the attacks of 11 September 2001, that framework was stretched and then
            rewritten. The 2013 disclosures about bulk collection of phone records led to
            reforms, but the underlying question, how much the government may learn about its
            own citizens without a warrant, has never been settled.
        """),
    ),
    Topic(
        key="shipyard-strike",
        categories=("Labor & Workers' Rights", "Congress & Foreign Policy"),
        tags=("labor unions", "strikes", "shipbuilding", "manufacturing", "defense spending"),
        speakers=(
            Speaker(
                "union local president Dolores Reyes",
                "Reyes",
                "{surname}: the strike in {place} will last 'as long as it takes'",
                _paras("""
                    They tell us the country needs these ships. Then pay the people who build
                    them

                    Nobody here wanted to walk out. We were given nothing to stay for
                """),
            ),
            Speaker(
                "shipyard spokesperson Kevin Marsh",
                "Marsh",
                "{surname}: shipyard's offer in {place} is 'the strongest we have made'",
                _paras("""
                    We want a deal. We also have schedules the Navy is counting on

                    Our offer is the strongest this yard has ever put on the table
                """),
            ),
            Speaker(
                "labor economist Samuel Osei",
                "Osei",
                "{surname}: strike in {place} exposes labour shortage in naval shipbuilding",
                _paras("""
                    You cannot train a welder in six weeks, and you cannot keep one on wages the
                    fast-food place down the road is beating

                    Every contract signed here will be read in every other yard in the country
                """),
            ),
        ),  # fmt: skip
        places=("Bath, Maine", "Newport News", "Pascagoula"),
        subject="the dispute over pay and safety in the shipyards building the Navy's fleet",
        issue="the shipyard dispute",
        stake="fair treatment for the workers who build what policy orders",
        todo_heading="How to Support Shipyard Workers",
        todo_items=("labor", "letter_editor", "contact_congress"),
        headlines=_paras("""
            Shipyard workers in {place} walk out as contract talks collapse

            Picket lines go up in {place} as Navy programmes slip further
        """),
        summaries=_paras("""
            Thousands of workers at a major naval shipyard in {place} went on strike over wages
            and mandatory overtime, and {speaker} said the two sides remain far apart.

            The walkout in {place} adds to delays in naval shipbuilding programmes that were
            already years behind schedule, {speaker} said.
        """),
        leads=_paras("""
            More than four thousand workers at the shipyard in {place} walked off the job on
            {weekday} after contract talks broke down over wages, health-care costs and
            mandatory overtime, {speaker} said.

            Picket lines went up outside the gates in {place} on {weekday}, and {speaker} said
            neither side expected a quick settlement after the company proposed raising workers'
            health-care contributions while capping pay increases.
        """),
        context=_paras("""
            The Navy's shipbuilding plans depend on a small number of private yards, most of
            them in towns where the yard is the largest employer. Several programmes are running
            years late, and officials have cited the difficulty of hiring and keeping skilled
            trades as a main cause.

            Turnover among new hires at some yards has exceeded a third in the first year.
            Unions say pay has not kept pace with local housing costs and that mandatory
            overtime drives experienced workers away.

            Congress has added money for workforce programmes to recent defence budgets, but
            lawmakers from shipbuilding districts say the funding has been slow to reach the
            yards.
        """),
        history=_paras("""
            American shipyards have been centres of labour organising since the nineteenth
            century. During the Second World War they employed well over a million people, many
            of them women and Black workers entering industrial jobs for the first time, and the
            contracts won then shaped expectations for generations.

            The industry shrank dramatically after the Cold War, from dozens of yards capable of
            building large warships to a handful. Consolidation left the Navy dependent on a few
            employers, and left the workers in those towns with few alternatives.
        """),
    ),
    Topic(
        key="detained-reporter",
        categories=("Media Coverage & Press Relations", "U.S.–Russia Relations"),
        tags=(
            "detained journalists",
            "press freedom",
            "Moscow",
            "human rights",
            "State Department",
        ),  # fmt: skip
        speakers=(
            Speaker(
                "the reporter's editor Miriam Castell",
                "Castell",
                "{surname}: detained reporter 'was doing his job, nothing more'",
                _paras("""
                    Journalism is not espionage, and everyone in that courtroom knows it

                    He went there to tell people what was happening. That is the whole of his
                    crime
                """),
            ),
            Speaker(
                "State Department spokesperson Owen Rudd",
                "Rudd",
                "State Department's {surname} calls for release of reporter held in {place}",
                _paras("""
                    We will not discuss the details of our efforts in public, but they are
                    continuous

                    He is wrongfully detained, and we expect him to be released immediately
                """),
            ),
            Speaker(
                "press-freedom advocate Ilya Sorensen",
                "Sorensen",
                "{surname}: reporter's detention in {place} chills the foreign press corps",
                _paras("""
                    Every foreign reporter in the country now asks whether they are next

                    For every foreign name you know, there are local reporters in cells whose
                    names you never hear
                """),
            ),
        ),  # fmt: skip
        places=("Moscow", "Yekaterinburg", "Kazan"),
        subject="the detention of a foreign correspondent",
        issue="press freedom abroad",
        stake="the freedom to report without being taken hostage",
        todo_heading="Standing Up for Detained Journalists",
        todo_items=("press_freedom", "contact_congress", "petition"),
        headlines=_paras("""
            Court in {place} extends detention of American correspondent

            Appeal rejected as reporter marks six months in {place} jail
        """),
        summaries=_paras("""
            A court in {place} extended the pre-trial detention of a U.S. correspondent accused
            of espionage, charges his employer and the U.S. government reject.

            {speaker} called for the reporter's release and said the case fits a pattern of
            detaining foreigners to use as bargaining chips.
        """),
        leads=_paras("""
            A court in {place} on {weekday} extended by three months the detention of an
            American correspondent held on espionage charges, a decision {speaker} called "a
            cruel formality in a case that should never have been brought".

            The family of a U.S. reporter detained in {place} marked six months since his arrest
            on {weekday}, and {speaker} said efforts to secure his release had intensified in
            recent weeks.
        """),
        context=_paras("""
            Proceedings in espionage cases are usually closed to the public, and the evidence is
            classified. Conviction rates in such cases exceed 99 percent, and sentences commonly
            run to more than a decade.

            Several Americans have been released in prisoner exchanges after being convicted in
            similar cases. Critics of such exchanges say they encourage further detentions;
            families of those held say they are often the only way home.

            Press-freedom organisations count the country among those that imprison the most
            journalists, most of them local reporters whose cases receive far less attention
            than those of foreign correspondents.
        """),
        history=_paras("""
            Governments have long used the detention of foreigners as leverage. During the Cold
            War, arrested journalists and students were traded for intelligence officers in
            exchanges negotiated in secret. The practice faded after 1991 and has returned in
            the past decade, with a series of high-profile cases ending in swaps.

            In 2020 the United States created a position dedicated to hostage affairs and in
            2022 introduced a formal designation for people it considers wrongfully detained,
            which commits the government to seek their release as a priority.
        """),
    ),
)


# --- Body and commentary fragments -------------------------------------------------
# Placeholders: {speaker} first mention, {surname}, {place}, {weekday}, {source},
# {subject}, {issue} and {stake}.

QUOTE_FRAMES = (
    '"{quote}," {who} said.',
    '"{quote}," {who} told reporters afterwards.',
    '{who} put it bluntly: "{quote}."',
    '"{quote}," {who} said in a written statement.',
)

BODY_REACTIONS = _paras("""
    Reaction in allied capitals was guarded. Several European diplomats said they welcomed any
    sign of progress but would reserve judgement until they had seen commitments in writing.

    Critics said the announcement raised as many questions as it answered. Opposition lawmakers
    called for a public briefing and for the relevant committees to receive the full text.

    Analysts cautioned against reading too much into a single statement. Similar optimism after
    earlier rounds faded within weeks, they noted, when the details proved harder to settle than
    the headlines.

    Clips of the remarks spread quickly on social media, often without the qualifications that
    accompanied them, and several were shared with misleading captions.
""")
BODY_NEXT_STEPS = _paras("""
    Officials said further discussions could take place as early as next {weekday}, although no
    date has been formally announced.

    A follow-up meeting at working level is planned for next week, according to two people
    briefed on the schedule who asked not to be named because they were not authorised to speak
    publicly.
""")
BODY_ATTRIBUTIONS = _paras("""
    As {source} reported earlier, the meeting had been arranged at short notice and its agenda
    was kept confidential until the participants arrived.

    {source} could not independently verify every detail of the account, which was based on
    public remarks and a written statement released afterwards.
""")

OPINION_OPENINGS = _paras("""
    It is tempting to read the latest turn in {subject} as a story about a few powerful people
    in a room in {place}. It is not. Every commitment made or withheld there will be lived with
    by people who had no seat at the table and who will not be asked whether the bargain was
    worth it. That is where any honest assessment has to begin.

    Another week, another round of confident statements about {subject}. Officials speak the
    language of progress, movement and frameworks, and much of the coverage repeats that
    language without asking what, concretely, has changed. Before we celebrate or despair, it is
    worth separating what was said from what was actually agreed.

    The news from {place} deserves attention, and also a measure of scepticism. Stories about
    {subject} have produced many hopeful headlines before, and most of them aged badly. What
    matters is not the tone of a press conference but whether the people most affected end up
    safer, freer and better informed than they were.

    There is a particular kind of quiet that follows an announcement like this one. The
    officials have spoken, the quotes have been clipped and shared, and the hard questions about
    {subject} are left for later. Later is usually when they get answered badly. This column is
    an attempt to ask some of them now.

    Whatever one thinks of the people involved, this week's developments are a reminder that
    there is nothing abstract about {subject}. It touches {stake}, and it tests whether our
    institutions can act with both resolve and restraint.

    When {surname} described this week's events, the words were carefully chosen. That is the
    job of an official. Ours, as readers and citizens, is to look past the careful words to the
    interests behind them, and to ask who gains and who pays in the next phase of {subject}.
""")
OPINION_ANALYSIS = _paras("""
    The first thing to notice is who was not in the room. Decisions about {issue} are being
    shaped by governments with their own domestic pressures, their own elections and their own
    economic interests. None of that makes them villains, but it does mean the interests of the
    people most exposed to the outcome can be traded away quietly unless someone insists on
    keeping them in view.

    Promises are cheap when they are vague. A commitment that depends on future goodwill, future
    budgets or future votes is not the same as one with deadlines, verification and
    consequences. The public should ask for the text, the timetable and the enforcement
    mechanism, and treat any reluctance to provide them as information in its own right.

    There is also the question of precedent. What is accepted now, under pressure and in a
    hurry, will be cited the next time a similar crisis arrives. If {stake} can be bargained
    over in this case, it becomes easier to bargain over it again elsewhere, and the people who
    pay for that erosion are rarely the ones who agreed to it.

    Much of the coverage has focused on personalities: who looked confident, who was snubbed,
    who claimed credit. That framing is understandable, because personalities make easy stories,
    but it hides the structural forces at work. Budgets, alliances, supply chains and laws will
    outlast every official quoted this week.

    It is worth remembering how often the first official account of events like these turns out
    to be incomplete. Not always through deliberate deception; more often because the people who
    speak first are the ones with the most to gain from a particular reading. Independent
    reporting, documents and the testimony of those affected remain the only reliable
    correctives.

    None of this means progress is impossible or that every compromise is a betrayal. Politics
    is made of compromises. The test is whether a compromise spreads its costs fairly and
    whether those who bear them had a real voice in shaping it. On {issue}, that test has not
    yet been passed.
""")
OPINION_CAUTIONS = _paras("""
    We should be wary of the opposite mistake, too: assuming that because a process is flawed,
    anything it produces must be worse than the status quo. The status quo has victims of its
    own. Rejecting every imperfect outcome is a luxury available mainly to those who are not
    living with the consequences.

    Scepticism is not cynicism. It is possible to hope that what happened in {place} leads
    somewhere good while insisting on the evidence that would show it. The officials involved
    should welcome that scrutiny; an arrangement that cannot survive public examination was
    never going to survive contact with reality.

    It would be a mistake to treat the public as spectators. Policy on {issue} is shaped by what
    legislators believe their constituents will tolerate. Silence is read as consent, and
    consent given by default is the easiest kind for those in power to obtain.

    We should also resist the pull of the news cycle. Attention fades within days of an
    announcement, while the work of implementing, monitoring and correcting it takes months or
    years. The most important moments in this story may come long after the cameras have moved
    on.

    History counsels caution about deadlines announced with great confidence. They slip, they
    are redefined, and the original promise is quietly forgotten. Keeping a record of what was
    promised, and by whom, is one of the simplest forms of accountability available to anyone.
""")
OPINION_CONCLUSIONS = _paras("""
    The measure of this moment will not be the statements made this week but what follows them.
    If the commitments hold, if the people most affected are heard, and if {stake} is treated as
    a principle rather than a bargaining chip, there will be something worth celebrating. Until
    then, attention is the least we owe.

    The path ahead on {issue} is neither as bright as the optimists claim nor as hopeless as the
    pessimists fear. It is contested, and its outcome depends in part on whether citizens stay
    informed and engaged. That is not a small thing. In most democracies it is the only lever
    that reliably moves.

    We will return to this story as it develops. Meanwhile, read beyond the headlines, look for
    the voices missing from the coverage, and ask your representatives where they stand. Power
    notices when people are paying attention, and it behaves differently as a result.

    Principles are easy to proclaim and hard to defend when they become inconvenient. This story
    is one of those moments. How we respond, as a public and as a country, will say more about
    our values than any speech delivered this week.

    There are no shortcuts here. A durable outcome will take patience, transparency and a
    willingness to put {stake} ahead of short-term advantage. Those are demanding standards, but
    they are the right ones, and every party should be held to them.
""")

ACTION_OPENINGS = _paras("""
    The developments reported here are a reminder that decisions on {subject} are being made
    now, and that they will shape {stake} for years. It is easy to feel that such questions
    belong to diplomats, generals and executives. They do not. Citizens have more influence than
    they are often told, provided they use it deliberately.

    Reading about {subject} can leave a person feeling like a spectator. The officials quoted
    this week have titles, budgets and microphones; the rest of us have a newsfeed. But public
    pressure has shifted policy on issues like this before, and the tools for applying it are
    more accessible than most people realise.

    What happened in {place} matters beyond the headlines. It touches {stake}, and it will be
    followed by votes, budgets and regulations that ordinary people can influence. The question
    is not whether to care, but how to turn concern into something that registers with
    decision-makers.

    Every story like this raises the same question: what can anyone outside the halls of power
    actually do? The honest answer is that no single action will decide {subject}. The equally
    honest answer is that many small, informed and persistent actions have decided questions
    like it before.

    The reporting on {subject} gives us facts; this section is about what to do with them.
    Informed engagement, rather than outrage shared and forgotten, is what moves institutions,
    and it starts with knowing who makes the relevant decisions and how to reach them.
""")
ACTION_POLICY = _paras("""
    Start with the people who vote on these matters. Legislators track constituent contacts
    closely, and a short, specific message from someone in their district carries far more
    weight than a national petition full of anonymous names. Ask them where they stand on
    {issue}, and ask them to put their position in writing.

    Policy on {issue} is ultimately written in budgets and laws. That means committee hearings,
    appropriations and oversight reports matter as much as summit communiqués. Following those
    less glamorous stages, and letting representatives know someone is watching, is one of the
    most effective things a citizen can do.

    A sound approach to {issue} includes clear commitments, independent verification and a role
    for the people most affected. Citizens can ask their representatives to support measures
    with those features, and to oppose arrangements that rely on vague promises and confidential
    annexes.

    It helps to be concrete. Rather than asking officials to "do something" about {issue}, ask
    them to support a specific bill, fund a specific programme or demand a specific disclosure.
    Specific requests are harder to deflect, and they make it easier to check later whether a
    promise was kept.

    Remember that foreign and domestic policy are connected. Decisions about {issue} draw on the
    same budgets, the same political capital and the same public attention as schools, hospitals
    and housing. Arguing for a coherent approach, rather than treating each crisis alone, is
    itself a useful contribution.
""")
ACTION_CITIZENS = _paras("""
    Beyond contacting officials, support the organisations doing slow work on the ground:
    humanitarian groups, independent journalists, legal advocates and researchers. Regular small
    donations are often more useful to them than a single large gift, because they allow
    planning.

    Talk about this with people who disagree with you, not to win an argument but to understand
    what they fear and what they value. Lasting public support for any policy on {issue} will
    have to include people with different politics, and it is built one conversation at a time.

    Local action counts. City councils pass resolutions, libraries host discussions, schools
    choose what to teach and local papers publish letters. Each shapes the climate in which
    national decisions are made, and each is far easier to reach than a senator.

    Be careful with what you share. Stories about {issue} attract misleading claims, doctored
    images and quotes stripped of context. Checking a claim before passing it on, and correcting
    it gently when you see it spread, protects everyone who argues in good faith.

    If you have relevant skills, offer them. Translators, lawyers, medical staff, engineers and
    teachers are all needed by organisations responding to crises like this one, and many of
    them accept volunteers who work remotely.
""")
ACTION_EDUCATION = _paras("""
    Education is part of the work. Understanding the history behind {issue} makes it easier to
    recognise an old argument dressed up as a new one. Public libraries, university lecture
    series and long-form journalism are good places to start, and most of them are free.

    Consider starting a reading or discussion group. A few people meeting once a month to talk
    about {issue} can build a surprisingly deep understanding, and the relationships formed
    there often become the networks that carry other civic work.

    Teachers and parents have a particular role. Young people meet news about {issue} through
    social media, usually stripped of context. Helping them ask who made a piece of content,
    what evidence it offers and what it leaves out is a lasting contribution to public life.

    Keep a simple record of promises. When an official commits to a date, a sum or an outcome,
    note it with a link to the source. Revisiting those notes six months later is a powerful way
    to hold people to their word, and it makes letters to representatives far more persuasive.
""")
ACTION_CONCLUSIONS = _paras("""
    None of these steps is dramatic, and none will settle {issue} on its own. Together, kept up
    over months rather than days, they make the kind of public engagement that decision-makers
    cannot easily ignore. That is how democracies are supposed to work, and it is still how they
    work best.

    The people at the centre of this story cannot wait for the news cycle to come back around,
    and neither should we. Pick one action from the list below, do it this week, and then pick
    another. Consistency matters more than intensity.

    In the end, {issue} will be shaped by many hands. Making sure some of those hands belong to
    informed, engaged citizens who care about {stake} is the most practical contribution any of
    us can make.

    Engagement is not a one-time event. Stay with this story after it leaves the front page,
    keep asking questions, and keep insisting that {stake} is not negotiable. That persistence
    is what turns concern into change.
""")

TODO_INTROS = _paras("""
    If this story leaves you wanting to do something, here are practical steps you can take,
    starting today. None needs special expertise, and each adds to the pressure for a fair
    outcome on {subject}.

    Concern is a starting point, not a plan. The list below turns it into concrete steps, from a
    five-minute phone call to longer commitments, that make a measurable difference on
    {subject}.

    Here is a detailed list of things individuals can do in response to the developments
    described above. Choose the ones that fit your time and circumstances; doing one of them
    well is better than doing all of them once.

    Below are specific actions, with links, for readers who want to engage with {subject} beyond
    reading about it.
""")
TODO_HEADINGS = (
    "What You Can Do This Week",
    "Steps Toward Accountability",
    "A Practical Checklist",
    "From Concern to Action",
)
TODO_CLOSINGS = _paras("""
    Each of these actions is small on its own. Taken together, and repeated by many people, they
    change what decision-makers believe the public will accept.

    By taking even one of these steps, you join a wider effort to make sure decisions on
    {subject} are made in the open, with the people most affected in mind.

    Come back to this list as the story develops. The most useful actions change as events move,
    and we will update our coverage as they do.

    Thank you for reading this far. Informed, persistent engagement is the best answer to events
    that can otherwise feel overwhelming.
""")


# --- The generator -----------------------------------------------------------------

# Every so many articles, one stays a draft and one waits for a future publish time.
DRAFT_EVERY, DRAFT_AT = 25, 7
SCHEDULED_EVERY, SCHEDULED_AT = 50, 11
PUBLISHED_WITHIN = timedelta(days=42)
PROVENANCE_WEIGHTS = {
    CommentarySection.Provenance.EDITOR: 4,
    CommentarySection.Provenance.AI_GENERATED: 3,
    CommentarySection.Provenance.AI_REVIEWED: 3,
}


@dataclass(frozen=True)
class Vocabulary:
    """The category and tag names a run may use, chosen by --categories and --tags."""

    categories: tuple  # hand-written first, then generated
    tags: tuple  # hand-written first, then generated

    @classmethod
    def sized(cls, *, categories, tags):
        specs = category_specs(categories)
        return cls(tuple(name for name, _description, _order in specs), tuple(tag_names(tags)))

    @cached_property
    def category_set(self):
        return frozenset(self.categories)

    @cached_property
    def tag_set(self):
        return frozenset(self.tags)

    @cached_property
    def extra_categories(self):
        return self.categories[len(CATEGORIES) :]

    @cached_property
    def extra_tags(self):
        return self.tags[len(TAGS) :]


@dataclass(frozen=True)
class DemoSection:
    kind: str
    blocks: tuple
    provenance: str
    reviewed_at: datetime | None

    @property
    def markdown(self):
        return "\n\n".join(self.blocks)


class ArticlePlan:
    """Demo article number `number`, the same on every run.

    Constructing a plan decides only what identifies the article (source, title, source
    URL), which is cheap enough to do for every number when checking what exists;
    fill() decides the rest.
    """

    def __init__(self, number):
        self.number = number
        self._rng = rng = random.Random(number)
        # Round-robin topics so even a short run covers every story.
        self.topic = topic = TOPICS[number % len(TOPICS)]
        self.source = rng.choice(SOURCES)
        # Successive articles on one story cycle through its headlines, so a default run
        # repeats none; a headline that quotes someone makes that person the main speaker.
        headlines = (*topic.headlines, *(speaker.headline for speaker in topic.speakers))
        form = (number // len(TOPICS) + number) % len(headlines)
        speakers = rng.sample(topic.speakers, len(topic.speakers))
        if form >= len(topic.headlines):
            main = topic.speakers[form - len(topic.headlines)]
            speakers = [main, *(speaker for speaker in speakers if speaker is not main)]
        self._speakers = speakers
        self._place = rng.choice(topic.places)
        self.title = headlines[form].format(surname=speakers[0].surname, place=self._place)
        url_slug = slug_for(self.title)[:80].rstrip("-")
        self.source_url = self.source.url.format(id=3_900_000 + number, slug=url_slug)

    def fill(self, *, now, vocabulary):
        """Decide times, status, text, categories, tags and sections; returns self."""
        rng, number = self._rng, self.number
        self.is_featured = number == 0
        if number % DRAFT_EVERY == DRAFT_AT:
            self.status, self.publish_at = Article.Status.DRAFT, None
        elif number % SCHEDULED_EVERY == SCHEDULED_AT:
            self.status = Article.Status.SCHEDULED
            self.publish_at = now + timedelta(hours=rng.randint(20, 240))
        else:
            self.status = Article.Status.PUBLISHED
            # The featured article is the newest, so it leads the home page too.
            age = (
                timedelta(minutes=95)
                if number == 0
                else timedelta(hours=2) + (rng.random() * PUBLISHED_WITHIN)
            )
            self.publish_at = now - age
        if self.publish_at:
            self.publish_at = self.publish_at.replace(second=0, microsecond=0)
        seen = min(self.publish_at or now, now)
        original = seen - timedelta(minutes=rng.randint(20, 30 * 60))
        self.original_published_at = original.astimezone(ZoneInfo(self.source.time_zone)).replace(
            microsecond=0
        )

        names = {
            "speaker": self._speakers[0].mention,
            "place": self._place,
            "weekday": self.original_published_at.strftime("%A"),
            "source": self.source.name,
            "surname": self._speakers[0].surname,
            "subject": self.topic.subject,
            "issue": self.topic.issue,
            "stake": self.topic.stake,
        }
        self.summary = rng.choice(self.topic.summaries).format(**names)
        self.body = self._body(rng, names)
        self.categories = self._categories(rng, vocabulary)
        self.tags = self._tags(rng, vocabulary)
        self.sections = tuple(
            self._section(rng, kind, blocks, reviewed_before=seen)
            for kind, blocks in (
                (CommentarySection.Kind.OPINION, self._opinion(rng, names)),
                (CommentarySection.Kind.ACTION, self._action(rng, names)),
                (CommentarySection.Kind.TODO, self._todo(rng, names)),
            )
        )
        return self

    @property
    def body_markdown(self):
        return "\n\n".join(self.body)

    def _body(self, rng, names):
        topic = self.topic
        # About two in five bodies are long enough to sit behind the page's "Expand".
        long = rng.random() < 0.4
        quote_count = 3 if long else rng.randint(1, 2)
        context = [
            paragraph.format(**names)
            for paragraph in rng.sample(topic.context, 3 if long else rng.randint(1, 2))
        ]
        reactions = rng.sample(BODY_REACTIONS, 2 if long else rng.randint(0, 1))
        blocks = [rng.choice(topic.leads).format(**names)]
        frames = rng.sample(QUOTE_FRAMES, quote_count)
        for index, frame in enumerate(frames):
            speaker = self._speakers[index]
            # The lead introduces the main speaker; anyone else is named in full.
            who = speaker.surname if index == 0 else speaker.mention
            quote = frame.format(quote=rng.choice(speaker.quotes), who=who)
            blocks.append(quote[0].upper() + quote[1:])
            blocks += context[index : index + 1] + reactions[index : index + 1]
        blocks += context[quote_count:]
        if long or rng.random() < 0.5:
            blocks.append(rng.choice(BODY_NEXT_STEPS).format(**names))
        if rng.random() < 0.5:
            blocks.append(rng.choice(BODY_ATTRIBUTIONS).format(**names))
        return tuple(blocks)

    def _opinion(self, rng, names):
        blocks = [rng.choice(OPINION_OPENINGS), rng.choice(self.topic.history)]
        blocks += rng.sample(OPINION_ANALYSIS, rng.randint(1, 2))
        if rng.random() < 0.6:
            blocks.append(rng.choice(OPINION_CAUTIONS))
        blocks.append(rng.choice(OPINION_CONCLUSIONS))
        return tuple(block.format(**names) for block in blocks)

    def _action(self, rng, names):
        blocks = [rng.choice(ACTION_OPENINGS), rng.choice(ACTION_POLICY)]
        blocks += rng.sample(ACTION_CITIZENS, rng.randint(1, 2))
        if rng.random() < 0.5:
            blocks.append(rng.choice(ACTION_EDUCATION))
        blocks.append(rng.choice(ACTION_CONCLUSIONS))
        return tuple(block.format(**names) for block in blocks)

    def _todo(self, rng, names):
        heading, items = todo_list(self.topic, rng.randrange(TODO_VARIANTS))
        return (
            rng.choice(TODO_INTROS).format(**names),
            f"### {heading}",
            items,
            rng.choice(TODO_CLOSINGS).format(**names),
        )

    def _categories(self, rng, vocabulary):
        names = [name for name in self.topic.categories if name in vocabulary.category_set]
        # The featured article carries all of its story's categories, as the reference does.
        if self.number != 0:
            names = names[: rng.randint(1, len(names))]
        extra = vocabulary.extra_categories
        if extra and len(names) < 3 and rng.random() < 0.5:
            names.append(extra[rng.randrange(len(extra))])
        return tuple(names)

    def _tags(self, rng, vocabulary):
        own = [name for name in self.topic.tags if name in vocabulary.tag_set]
        names = rng.sample(own, min(len(own), rng.randint(3, 5)))
        extra = vocabulary.extra_tags
        for _ in range(rng.randint(0, 2) if extra else 0):
            names.append(extra[rng.randrange(len(extra))])
        return tuple(dict.fromkeys(names))

    def _section(self, rng, kind, blocks, *, reviewed_before):
        (provenance,) = rng.choices(
            list(PROVENANCE_WEIGHTS), weights=list(PROVENANCE_WEIGHTS.values())
        )
        reviewed_at = None
        if provenance == CommentarySection.Provenance.AI_REVIEWED:
            reviewed_at = reviewed_before - timedelta(minutes=rng.randint(10, 600))
        return DemoSection(kind, blocks, provenance, reviewed_at)


_todo_lists = {}


def todo_list(topic, variant):
    """(heading, Markdown numbered list): one of a topic's few To Do versions."""
    cache_key = (topic.key, variant)
    if cache_key not in _todo_lists:
        rng = random.Random(f"{topic.key}/{variant}")
        general = [item for item in GENERAL_TODO_ITEMS if item not in topic.todo_items]
        chosen = [*topic.todo_items, *rng.sample(general, rng.randint(2, 4))]
        rng.shuffle(chosen)
        lines = []
        for number, item in enumerate(chosen, start=1):
            title, points = TODO_ITEMS[item]
            lines.append(f"{number}. **{title}**")
            lines += [f"    - {point.format(subject=topic.subject)}" for point in points]
        heading = topic.todo_heading if variant % 2 == 0 else rng.choice(TODO_HEADINGS)
        _todo_lists[cache_key] = (heading, "\n".join(lines))
    return _todo_lists[cache_key]
