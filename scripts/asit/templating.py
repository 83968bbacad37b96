"""The one way the course writes HTML: Jinja templates shipped in the package, autoescaped.

Every value a template shows is escaped unless the code marked it ``Markup`` (and says why
it is safe), so a trainee's answer or an author's title can never become markup; a value a
template names but is not given is an error, never an empty string. The templates live in
``asit/templates/`` and are found through the package, so an installed course finds them
as the checkout does.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    """The course's template environment: HTML autoescaping, strict undefined, tags leave no blank lines."""
    return Environment(
        loader=PackageLoader("asit", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def render(template: str, **values: object) -> str:
    """``template`` (a file in ``asit/templates/``) filled with ``values``."""
    return environment().get_template(template).render(**values)
