"""Announcements, policies and news: the office writes and publishes them (API and admin), bodies are
sanitised, the public sees only live items (pages, feed, API), attachments are checked by content, and
everything reads in Chinese and English."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Membership, User
from information.models import Announcement, AnnouncementAttachment
from information.sanitize import clean_html
from information.selectors import announcements_live
from information.services import news as services
from platform_site.errors import NotPermitted, TransitionNotAllowed
from tests.conftest import client_for
from tests.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/announcements/"
NEWS = "/information/"
FEED = "/information/feed/"
ATOM = "{http://www.w3.org/2005/Atom}"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
NOW = timezone.now


def parse_feed(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own feed, in a test


def ago(**delta: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def ahead(**delta: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**delta)


def page(language: str = "en", user: User | None = None) -> Client:
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    return client


def stored_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def items(db: None) -> dict[str, Announcement]:
    """One item in each state: live (two categories), draft, scheduled, withdrawn."""
    return {
        "policy": AnnouncementFactory(
            title_zh="新能源汽车配套奖励办法", title_en="Local supply reward measures"
        ),
        "news": AnnouncementFactory(
            category=Announcement.Category.NEWS, title_zh="对接会圆满举行", title_en="", body_en=""
        ),
        "draft": AnnouncementFactory(title_zh="草稿通知", publish_at=None),
        "scheduled": AnnouncementFactory(title_zh="下周发布的通知", publish_at=ahead(days=7)),
        "withdrawn": AnnouncementFactory(
            title_zh="已撤回的通知", publish_at=ago(days=10), unpublish_at=ago(days=1)
        ),
    }


# ---------------------------------------------------------------------------------------------------
# The sanitiser


@pytest.mark.parametrize(
    ("dirty", "gone"),
    [
        ("<p>价格<script>alert('x')</script></p>", "alert"),
        ('<p><img src="x" onerror="alert(1)">图</p>', "onerror"),
        ('<p onclick="steal()">点击</p>', "onclick"),
        ('<a href="javascript:alert(1)">链接</a>', "javascript"),
        ('<a href="JaVaScRiPt:alert(1)">链接</a>', "alert"),
        ('<iframe src="https://evil.example/"></iframe><p>正文</p>', "iframe"),
        ("<style>body{display:none}</style><p>正文</p>", "display"),
        ('<p style="position:fixed">正文</p>', "style"),
        ('<a href="/admin/">内部链接</a>', "/admin/"),
    ],
)
def test_the_sanitiser_removes_active_content(dirty: str, gone: str) -> None:
    cleaned = clean_html(dirty)
    assert gone.lower() not in cleaned.lower()
    assert "<script" not in cleaned and "<iframe" not in cleaned and "<style" not in cleaned


def test_the_sanitiser_keeps_text_markup_and_safe_links() -> None:
    html = (
        "<h2>第一条</h2><p><strong>奖励</strong>与<em>补贴</em><br>说明</p><ul><li>一</li></ul><ol><li>二</li></ol>"
        "<blockquote>引用</blockquote><table><thead><tr><th>项目</th></tr></thead>"
        "<tbody><tr><td>电芯</td></tr></tbody></table>"
    )
    assert clean_html(html) == html
    link = clean_html('<a href="https://gxt.example.gov.cn/p.pdf" target="_blank">原文</a>')
    assert link == '<a href="https://gxt.example.gov.cn/p.pdf" rel="noopener noreferrer">原文</a>'
    assert 'href="mailto:office@example.gov.cn"' in clean_html(
        '<a href="mailto:office@example.gov.cn">邮件</a>'
    )


# ---------------------------------------------------------------------------------------------------
# Services: who writes, the rules, the times


def test_staff_write_an_item_with_its_body_sanitised(staff: User) -> None:
    item = services.announcement_create(
        actor=staff,
        category="policy",
        title_zh="  关于支持本地配套的通知 ",
        body_zh='<p onclick="x()">正文<script>alert(1)</script></p>',
        publish_at=ago(minutes=1),
    )
    item.refresh_from_db()
    assert item.title_zh == "关于支持本地配套的通知"
    assert item.body_zh == "<p>正文</p>"
    assert item.author == staff and item.title_en == "" and item.body_en == ""
    assert list(announcements_live()) == [item]


def test_members_may_not_write_or_publish(owner: Membership, items: dict[str, Announcement]) -> None:
    with pytest.raises(NotPermitted):
        services.announcement_create(
            actor=owner.user, category="news", title_zh="标题", body_zh="<p>正文</p>"
        )
    with pytest.raises(NotPermitted):
        services.announcement_publish(announcement=items["draft"], actor=owner.user)
    assert not Announcement.objects.filter(title_zh="标题").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title_zh": "  "}, "title_zh"),
        ({"body_zh": "<p> </p><script>alert(1)</script>"}, "body_zh"),
        ({"publish_at": ago(hours=1), "unpublish_at": ago(hours=2)}, "unpublish_at"),
        ({"category": "gossip"}, "category"),
        ({"title_zh": "长" * 201}, "title_zh"),
    ],
)
def test_the_rules_name_the_field(staff: User, fields: dict[str, Any], field: str) -> None:
    values = {"category": "news", "title_zh": "标题", "body_zh": "<p>正文</p>", **fields}
    with pytest.raises(Exception) as caught:
        services.announcement_create(actor=staff, **values)
    assert field in caught.value.message_dict  # type: ignore[attr-defined]
    assert not Announcement.objects.exists()


def test_publishing_and_withdrawing_move_the_times(staff: User, items: dict[str, Announcement]) -> None:
    published = services.announcement_publish(announcement=items["draft"], actor=staff)
    assert published.is_live()
    republished = services.announcement_publish(announcement=items["withdrawn"], actor=staff)
    assert republished.is_live() and republished.unpublish_at is None
    with pytest.raises(TransitionNotAllowed):
        services.announcement_publish(announcement=items["policy"], actor=staff)

    withdrawn = services.announcement_unpublish(announcement=items["policy"], actor=staff)
    assert not withdrawn.is_live() and withdrawn.unpublish_at is not None
    back_to_draft = services.announcement_unpublish(announcement=items["scheduled"], actor=staff)
    assert back_to_draft.publish_at is None
    with pytest.raises(TransitionNotAllowed):
        services.announcement_unpublish(announcement=back_to_draft, actor=staff)


def test_an_update_may_not_cross_the_window(staff: User, items: dict[str, Announcement]) -> None:
    item = items["policy"]
    with pytest.raises(Exception) as caught:
        services.announcement_update(announcement=item, actor=staff, unpublish_at=ago(days=1))
    assert "unpublish_at" in caught.value.message_dict  # type: ignore[attr-defined]
    changed = services.announcement_update(
        announcement=item, actor=staff, body_en="<p>New <b>text</b><script></script></p>"
    )
    assert changed.body_en == "<p>New <b>text</b></p>" and changed.title_zh == item.title_zh


# ---------------------------------------------------------------------------------------------------
# Pages


def test_the_public_list_shows_only_live_items_with_category_tabs(items: dict[str, Announcement]) -> None:
    body = page("zh-hans").get(NEWS).content.decode()
    assert "新能源汽车配套奖励办法" in body and "对接会圆满举行" in body
    for hidden in ("草稿通知", "下周发布的通知", "已撤回的通知"):
        assert hidden not in body
    policies = page("zh-hans").get(NEWS, {"category": "policy"}).content.decode()
    assert "新能源汽车配套奖励办法" in policies and "对接会圆满举行" not in policies


@pytest.mark.parametrize("state", ["draft", "scheduled", "withdrawn"])
def test_items_not_live_are_404_for_the_public_and_a_preview_for_staff(
    items: dict[str, Announcement], owner: Membership, staff: User, state: str
) -> None:
    url = f"{NEWS}{items[state].pk}/"
    assert page().get(url).status_code == 404
    assert page(user=owner.user).get(url).status_code == 404
    preview = page(user=staff).get(url)
    assert preview.status_code == 200 and "Preview for staff" in preview.content.decode()


def test_pages_read_in_both_languages_with_chinese_as_fallback(items: dict[str, Announcement]) -> None:
    english = page("en").get(NEWS).content.decode()
    assert "Local supply reward measures" in english and "News & policies" in english
    assert "对接会圆满举行" in english  # no English title: the Chinese one
    chinese = page("zh-hans").get(NEWS).content.decode()
    assert "新能源汽车配套奖励办法" in chinese and "Local supply reward measures" not in chinese

    detail = page("en").get(f"{NEWS}{items['policy'].pk}/").content.decode()
    assert "Local supply deals made through the platform are rewarded." in detail
    chinese_only = page("en").get(f"{NEWS}{items['news'].pk}/").content.decode()
    assert (
        "published in Chinese only" in chinese_only
        and "对平台撮合成交的本省配套项目给予奖励。" in chinese_only
    )
    assert 'href="/information/"' in page("en").get("/").content.decode()  # the nav and footer link


def test_the_detail_renders_the_sanitised_body_as_html(staff: User) -> None:
    item = services.announcement_create(
        actor=staff,
        category="policy",
        title_zh="细则",
        body_zh='<h2>第一条</h2><p>见<a href="https://example.gov.cn/">原文</a></p><script>alert("x")</script>',
        publish_at=ago(minutes=5),
    )
    body = page("zh-hans").get(f"{NEWS}{item.pk}/").content.decode()
    assert "<h2>第一条</h2>" in body
    assert '<a href="https://example.gov.cn/" rel="noopener noreferrer">原文</a>' in body
    assert 'alert("x")' not in body


# ---------------------------------------------------------------------------------------------------
# Feed


def test_the_feed_parses_and_holds_the_live_items_in_the_request_language(
    items: dict[str, Announcement],
) -> None:
    response = page("en").get(FEED)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = parse_feed(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert sorted(titles) == sorted(["Local supply reward measures", "对接会圆满举行"])
    links = {link.get("href", "") for link in root.iter(f"{ATOM}link")}
    assert any(href.endswith(f"/information/{items['policy'].pk}/") for href in links)

    chinese = parse_feed(page("zh-hans").get(FEED).content)
    zh_titles = {entry.findtext(f"{ATOM}title") for entry in chinese.iter(f"{ATOM}entry")}
    assert zh_titles == {"新能源汽车配套奖励办法", "对接会圆满举行"}


# ---------------------------------------------------------------------------------------------------
# API


def test_anyone_reads_the_live_items_and_staff_read_all(items: dict[str, Announcement], staff: User) -> None:
    public = APIClient().get(API, HTTP_ACCEPT_LANGUAGE="en")
    assert public.status_code == 200
    assert {row["id"] for row in public.json()["results"]} == {items["policy"].pk, items["news"].pk}
    row = next(r for r in public.json()["results"] if r["id"] == items["policy"].pk)
    assert row["title"] == "Local supply reward measures" and row["live"] is True
    assert APIClient().get(f"{API}{items['draft'].pk}/").status_code == 404
    assert APIClient().get(f"{API}{items['scheduled'].pk}/").status_code == 404

    everything = client_for(staff).get(API)
    assert everything.json()["count"] == 5
    policies = APIClient().get(API, {"category": "policy"}).json()["results"]
    assert [r["id"] for r in policies] == [items["policy"].pk]


def test_the_list_runs_a_fixed_number_of_queries(
    items: dict[str, Announcement], django_assert_max_num_queries: Any
) -> None:
    AnnouncementFactory.create_batch(10)
    with django_assert_max_num_queries(3):
        response = APIClient().get(API)
    assert response.status_code == 200
    live = sum(1 for item in Announcement.objects.all() if item.is_live())
    assert live >= 10 and response.json()["count"] == live


def test_only_staff_write_through_the_api(owner: Membership, items: dict[str, Announcement]) -> None:
    body = {"category": "policy", "title_zh": "通知", "body_zh": "<p>正文</p>"}
    assert APIClient().post(API, body).status_code == 401
    member = client_for(owner.user)
    assert member.post(API, body).status_code == 403
    assert member.patch(f"{API}{items['policy'].pk}/", {"title_zh": "改"}).status_code == 403
    assert member.post(f"{API}{items['draft'].pk}/publish/").status_code == 403
    assert member.post(f"{API}{items['policy'].pk}/unpublish/").status_code == 403
    assert not Announcement.objects.filter(title_zh__in=["通知", "改"]).exists()
    assert not items["draft"].__class__.objects.get(pk=items["draft"].pk).is_live()


def test_staff_create_schedule_publish_and_withdraw_through_the_api(staff: User) -> None:
    api = client_for(staff)
    created = api.post(
        API,
        {
            "category": "policy",
            "title_zh": "关于促进产业链协同的若干措施",
            "title_en": "Measures to promote chain cooperation",
            "body_zh": '<p>措施<img src=x onerror="alert(1)"></p>',
            "publish_at": ahead(days=1).isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["body_zh"] == "<p>措施</p>" and data["live"] is False
    pk = data["id"]
    assert APIClient().get(f"{API}{pk}/").status_code == 404  # scheduled

    published = api.post(f"{API}{pk}/publish/")
    assert published.status_code == 200 and published.json()["live"] is True
    assert APIClient().get(f"{API}{pk}/").status_code == 200
    assert api.post(f"{API}{pk}/publish/").status_code == 409

    changed = api.patch(f"{API}{pk}/", {"summary_en": "Rewards for local supply."})
    assert changed.status_code == 200 and changed.json()["summary_en"] == "Rewards for local supply."
    assert changed.json()["title_en"] == "Measures to promote chain cooperation"

    withdrawn = api.post(f"{API}{pk}/unpublish/")
    assert withdrawn.status_code == 200 and withdrawn.json()["live"] is False
    assert APIClient().get(f"{API}{pk}/").status_code == 404


def test_bad_input_is_400_naming_the_field(staff: User) -> None:
    response = client_for(staff).post(
        API,
        {
            "category": "policy",
            "title_zh": "标题",
            "body_zh": "<script>alert(1)</script>",
            "publish_at": ago(hours=1).isoformat(),
            "unpublish_at": ago(hours=2).isoformat(),
        },
    )
    assert response.status_code == 400
    assert {"body_zh", "unpublish_at"} <= set(response.json()["error"]["fields"])
    assert not Announcement.objects.exists()


# ---------------------------------------------------------------------------------------------------
# Attachments


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_stored(staff: User, settings: Any) -> None:
    fake = SimpleUploadedFile(
        "政策原文.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = client_for(staff).post(
        API,
        {"category": "policy", "title_zh": "带附件的政策", "body_zh": "<p>见附件</p>", "attachments": [fake]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "attachments" in response.json()["error"]["fields"]
    assert not Announcement.objects.exists() and not AnnouncementAttachment.objects.exists()
    assert stored_files(settings) == []


def test_attachments_are_added_checked_and_downloaded(
    staff: User, owner: Membership, items: dict[str, Announcement], settings: Any
) -> None:
    api = client_for(staff)
    created = api.post(
        API,
        {
            "category": "policy",
            "title_zh": "带附件的政策",
            "body_zh": "<p>见附件</p>",
            "publish_at": ago(minutes=1).isoformat(),
            "attachments": [SimpleUploadedFile("C:\\docs\\政策原文.pdf", PDF)],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.content
    [attachment] = created.json()["attachments"]
    assert attachment["name"] == "政策原文.pdf" and attachment["content_type"] == "application/pdf"

    download = page().get(attachment["url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]

    pk = created.json()["id"]
    bad = api.post(
        f"{API}{pk}/attachments/", {"file": SimpleUploadedFile("x.png", b"GIF89a...")}, format="multipart"
    )
    assert bad.status_code == 400 and "file" in bad.json()["error"]["fields"]
    assert (
        client_for(owner.user)
        .post(f"{API}{pk}/attachments/", {"file": SimpleUploadedFile("y.pdf", PDF)}, format="multipart")
        .status_code
        == 403
    )
    good = api.post(
        f"{API}{pk}/attachments/", {"file": SimpleUploadedFile("附表.pdf", PDF)}, format="multipart"
    )
    assert good.status_code == 201
    assert AnnouncementAttachment.objects.filter(announcement_id=pk).count() == 2
    assert len(stored_files(settings)) == 2

    # An attachment of an item the public cannot see is not served to the public either.
    hidden = AnnouncementAttachment.objects.filter(announcement_id=pk).first()
    assert hidden is not None
    services.announcement_unpublish(announcement=hidden.announcement, actor=staff)
    assert page().get(f"{NEWS}{pk}/attachments/{hidden.pk}/").status_code == 404
    assert page(user=staff).get(f"{NEWS}{pk}/attachments/{hidden.pk}/").status_code == 200


def test_the_api_is_in_the_schema() -> None:
    schema = APIClient().get("/api/schema/", {"format": "json"})
    paths = schema.json()["paths"]
    assert {f"{API}", f"{API}{{id}}/", f"{API}{{id}}/publish/", f"{API}{{id}}/attachments/"} <= {
        path.replace("/api/v1/announcements", API.rstrip("/")) for path in paths
    }
    names = {p["name"] for p in paths[API]["get"]["parameters"]}
    assert "category" in names


# ---------------------------------------------------------------------------------------------------
# The office publishes through the Django admin


@pytest.fixture
def admin_client(staff: User) -> Client:
    staff.is_superuser = True
    staff.save()
    return page("en", staff)


def admin_form(**fields: Any) -> dict[str, Any]:
    return {
        "category": "policy",
        "title_zh": "汽车产业链奖励政策",
        "title_en": "Automotive chain rewards",
        "summary_zh": "",
        "summary_en": "",
        "body_zh": '<p>正文<script>alert(1)</script></p><iframe src="x"></iframe>',
        "body_en": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "10",
        **fields,
    }


def test_the_office_publishes_a_policy_in_the_admin(admin_client: Client, staff: User, settings: Any) -> None:
    today = timezone.localtime()
    response = admin_client.post(
        "/admin/information/announcement/add/",
        admin_form(
            publish_at_0=(today - datetime.timedelta(days=1)).strftime("%Y-%m-%d"),
            publish_at_1="09:00:00",
            **{"attachments-0-upload": SimpleUploadedFile("办法.pdf", PDF)},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = Announcement.objects.get()
    assert item.body_zh == "<p>正文</p>" and item.author == staff and item.is_live()
    assert item.attachments.get().original_name == "办法.pdf"
    assert "汽车产业链奖励政策" in page("zh-hans").get(NEWS).content.decode()
    assert admin_client.get("/admin/information/announcement/").status_code == 200


def test_the_admin_shows_the_rules_and_refuses_a_wrong_file(admin_client: Client, settings: Any) -> None:
    response = admin_client.post(
        "/admin/information/announcement/add/",
        admin_form(
            body_zh="<p> </p>",
            publish_at_0="2030-01-02",
            publish_at_1="09:00:00",
            unpublish_at_0="2030-01-01",
            unpublish_at_1="09:00:00",
            **{"attachments-0-upload": SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf")},
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Write the Chinese text" in body
    assert "The unpublish time must come after the publish time." in body
    assert "Only PDF, PNG, JPEG, WebP files are accepted" in body
    assert not Announcement.objects.exists() and stored_files(settings) == []


def test_the_admin_withdraws_items_with_an_action(
    admin_client: Client, items: dict[str, Announcement]
) -> None:
    response = admin_client.post(
        "/admin/information/announcement/",
        {"action": "unpublish_now", "_selected_action": [items["policy"].pk, items["news"].pk]},
    )
    assert response.status_code == 302
    assert list(announcements_live()) == []


# Events are written in the same admin, through the events service.


def event_form(**fields: Any) -> dict[str, Any]:
    return {
        "title_zh": "新能源汽车产业链供需对接会",
        "title_en": "NEV chain matchmaking conference",
        "starts_at_0": "2030-05-20",
        "starts_at_1": "09:00:00",
        "ends_at_0": "2030-05-20",
        "ends_at_1": "17:00:00",
        "place": "合肥滨湖国际会展中心",
        "online_url": "",
        "capacity": "50",
        "registration_closes_at_0": "",
        "registration_closes_at_1": "",
        "description_zh": "<p>现场对接<script>alert(1)</script></p>",
        "description_en": "",
        "agenda_zh": "",
        "agenda_en": "",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "0",
        **fields,
    }


def test_the_office_creates_an_event_in_the_admin(admin_client: Client, staff: User) -> None:
    from information.models import Event

    refused = admin_client.post("/admin/information/event/add/", event_form(ends_at_1="08:00:00", place=""))
    assert refused.status_code == 200 and not Event.objects.exists()
    body = refused.content.decode()
    assert "The event must end after it starts." in body
    assert "Give a place, an online meeting link, or both." in body

    response = admin_client.post("/admin/information/event/add/", event_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.description_zh == "<p>现场对接</p>" and event.organiser == staff
    assert event.published_at is None
    admin_client.post(
        "/admin/information/event/", {"action": "publish_selected", "_selected_action": [event.pk]}
    )
    event.refresh_from_db()
    assert event.published_at is not None
    assert admin_client.get("/admin/information/eventregistration/").status_code == 200
    assert admin_client.get("/admin/information/meetingrequest/").status_code == 200
