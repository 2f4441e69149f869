"""Template helpers: one field renderer for every form."""
from django import template
from django.forms import CheckboxInput, CheckboxSelectMultiple, RadioSelect

register = template.Library()


@register.simple_tag
def field_widget(field, **extra):
    """Render ``field``'s widget with ``aria-invalid`` and ``aria-describedby="<id>-error"``
    when it has errors (the error element is rendered by ``common/_field.html``)."""
    attrs = dict(extra)
    described = []
    if field.errors:
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}-error")
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, CheckboxInput)


@register.filter
def is_choice_group(field):
    return isinstance(field.field.widget, (RadioSelect, CheckboxSelectMultiple))
