"""Model fields and expressions shared by the apps."""

from __future__ import annotations

from django.db import models

from .pinyin import sort_key


class SortKeyField(models.CharField):
    """The sort key (:func:`peixun.core.pinyin.sort_key`) of the first non-empty field named in ``of``.

    Filled in whenever the row is written, by ``save()`` and by ``bulk_create()`` alike (Django asks every
    field for its value through ``pre_save``); never edited by hand. ``name`` reads Chinese as a person's
    name, with its surname reading. Order by it through :class:`ByteOrder`.
    """

    def __init__(self, *args, of: tuple[str, ...] = (), name: bool = False, **kwargs):
        self.of = tuple(of)
        self.person_name = name
        kwargs.setdefault("max_length", 255)
        kwargs["editable"] = False
        kwargs["blank"] = True
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.of
        if self.person_name:
            kwargs["name"] = True
        for fixed in ("editable", "blank", "default"):
            kwargs.pop(fixed, None)
        if kwargs.get("max_length") == 255:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def key_of(self, instance) -> str:
        text = next((value for value in (getattr(instance, source) for source in self.of) if value), "")
        return sort_key(text, name=self.person_name, max_length=self.max_length)

    def pre_save(self, model_instance, add):
        value = self.key_of(model_instance)
        setattr(model_instance, self.attname, value)
        return value


class ByteOrder(models.Func):
    """An expression compared byte by byte: sort keys are plain ASCII meant to sort that way, and PostgreSQL
    databases created with a language's collation (en_US.UTF-8) would otherwise skip their spaces
    ("li ming" after "liang"). SQLite compares bytes already."""

    arity = 1
    template = "%(expressions)s"

    def __init__(self, expression, **extra):
        if isinstance(expression, str):
            expression = models.F(expression)
        super().__init__(expression, output_field=models.CharField(), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template='%(expressions)s COLLATE "C"', **extra_context)


def fill_sort_keys(model) -> None:
    """Compute every :class:`SortKeyField` of ``model``'s rows: for the data migration that adds such a field."""
    fields = [field for field in model._meta.concrete_fields if isinstance(field, SortKeyField)]
    rows = list(model._default_manager.all())
    for row in rows:
        for field in fields:
            setattr(row, field.attname, field.key_of(row))
    model._default_manager.bulk_update(rows, [field.attname for field in fields], batch_size=500)


def sort_keys_filler(app_label: str, *model_names: str):
    """A RunPython operation's function that fills the sort keys of ``model_names`` in ``app_label``."""

    def fill(apps, schema_editor):
        for model_name in model_names:
            fill_sort_keys(apps.get_model(app_label, model_name))

    return fill
