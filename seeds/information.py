"""The demo's information: the office's policies, announcements and news, and a matchmaking conference
with the demo logins registered and a one-to-one meeting requested and one accepted, written through the
services as the office and the members would.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Notification, User
from accounts.taxonomy import Theme
from information.models import Announcement, Event
from information.services import events, news
from seeds.demo import ADMIN_EMAIL, DEMO_DOMAIN

# (category, Chinese title, English title, Chinese body, English body, days ago)
ITEMS: tuple[tuple[str, str, str, str, str, int], ...] = (
    (
        Announcement.Category.POLICY,
        "关于支持汽车产业链上下游供需对接的若干措施",
        "Measures to support supply-demand matchmaking along the automotive industry chain",
        "<p>对通过平台达成、由省内企业配套的采购项目，按首年采购额给予一定比例奖励。</p>"
        "<ul><li>整车企业新增省内配套：最高奖励 500 万元；</li>"
        "<li>零部件企业首次进入整车配套体系：最高奖励 200 万元。</li></ul>",
        "<p>Purchases agreed through the platform and supplied from within the province earn a reward on the "
        "first year's value.</p><ul><li>Vehicle makers' new local supply: up to CNY 5 million;</li>"
        "<li>a component maker's first entry into a vehicle maker's supply chain: "
        "up to CNY 2 million.</li></ul>",
        20,
    ),
    (
        Announcement.Category.ANNOUNCEMENT,
        "平台上线公告：汽车产业供需对接平台正式运行",
        "The automotive industry supply-demand matchmaking platform is live",
        "<p>平台已汇聚 522 家企业、129 条供需信息，其中供应信息占 83.7%。欢迎企业注册并发布供需。</p>",
        "<p>The platform gathers 522 enterprises and 129 listings, 83.7% of them supply. Enterprises are "
        "welcome to register and publish.</p>",
        30,
    ),
    (
        Announcement.Category.NEWS,
        "首批供需对接成果：12 个配套项目达成意向",
        "First matchmaking results: 12 supply projects agreed in principle",
        "<p>平台运行首月，整车与零部件企业通过平台撮合达成 12 个配套项目合作意向，"
        "涉及动力电池、电驱动与智能座舱。</p>",
        "<p>In the platform's first month, vehicle and component makers agreed in principle on 12 supply "
        "projects in power batteries, electric drives and smart cockpits.</p>",
        5,
    ),
)


def _login(theme: str) -> User | None:
    return User.objects.filter(email=f"{theme}@{DEMO_DOMAIN}").first()


def _seed_news(admin: User) -> int:
    now = timezone.now()
    for category, title_zh, title_en, body_zh, body_en, days in ITEMS:
        news.announcement_create(
            actor=admin,
            category=category,
            title_zh=title_zh,
            title_en=title_en,
            body_zh=body_zh,
            body_en=body_en,
            publish_at=now - datetime.timedelta(days=days),
        )
    return len(ITEMS)


def _seed_event(admin: User) -> int:
    start = (timezone.now() + datetime.timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = events.event_create(
        actor=admin,
        publish=True,
        title_zh="新能源汽车产业链供需对接会（合肥站）",
        title_en="NEV industry-chain matchmaking conference (Hefei)",
        description_zh="<p>整车企业发布配套需求，零部件企业、高校院所与金融机构现场对接。</p>",
        description_en="<p>Vehicle makers present their supply needs; component makers, universities, "
        "institutes and financial institutions meet them on site.</p>",
        agenda_zh="<ol><li>09:00 开幕与政策解读</li><li>10:00 整车企业需求发布</li>"
        "<li>13:30 一对一洽谈</li></ol>",
        agenda_en="<ol><li>09:00 Opening and policy briefing</li><li>10:00 Vehicle makers' needs</li>"
        "<li>13:30 One-to-one meetings</li></ol>",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        place="合肥滨湖国际会展中心",
        capacity=120,
    )
    people = {
        theme: _login(theme) for theme in (Theme.VEHICLE_MAKER, Theme.COMPONENT_MAKER, Theme.UNIVERSITY)
    }
    for user in people.values():
        if user is not None:
            events.event_register(event=event, actor=user)
    vehicle, components, university = people.values()
    if vehicle is None or components is None:
        return 1
    slot = start + datetime.timedelta(hours=5)
    meeting = events.meeting_request(
        event=event,
        actor=components,
        invitee=vehicle.membership.enterprise,
        message="希望就线控制动系统的新车型定点进行洽谈。",
        proposed_slot=slot,
    )
    events.meeting_accept(meeting=meeting, actor=vehicle)
    if university is not None:
        events.meeting_request(
            event=event,
            actor=university,
            invitee=vehicle.membership.enterprise,
            message="介绍线控转向容错控制算法的技术许可。",
            proposed_slot=slot + datetime.timedelta(minutes=30),
        )
    return 1


def seed_information() -> dict[str, int]:
    """The office's items and a conference; nothing when the demo admin is missing or has published some."""
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if (
        admin is None
        or Announcement.objects.filter(author=admin).exists()
        or Event.objects.filter(organiser=admin).exists()
    ):
        return {"announcements": 0, "events": 0}
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    made = {"announcements": _seed_news(admin), "events": _seed_event(admin)}
    Notification.objects.filter(pk__gt=before, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return made
