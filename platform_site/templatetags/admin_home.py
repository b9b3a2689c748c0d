"""`{% work_queues as queues %}`: the admin home's work queues for the signed-in staff member."""

from __future__ import annotations

from typing import Any

from django import template

from platform_site.admin_home import WorkQueue
from platform_site.admin_home import work_queues as build_work_queues

register = template.Library()


@register.simple_tag(takes_context=True)
def work_queues(context: dict[str, Any]) -> list[WorkQueue]:
    return build_work_queues(context["request"].user)
