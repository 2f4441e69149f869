"""Field lists and operations that several of the e-CRM's migrations share.

A migration must keep meaning what it meant when it was written, whatever the models become, so this module imports
only ``django.db`` and the standard library, never an app's models: whatever a field needs from an app (a validator
class, the user model's reference) is passed in by the migration, which already imports it.  Every function builds new
field instances on each call, in the column order the original migrations wrote them.
"""
from django.db import migrations, models


def primary_key():
    """The implicit ``id`` column of every model (``DEFAULT_AUTO_FIELD``)."""
    return ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID'))


def created_updated():
    """The ``created_at``/``updated_at`` pair of the stamped models."""
    return [
        ('created_at', models.DateTimeField(editable=False, verbose_name='created at')),
        ('updated_at', models.DateTimeField(editable=False, verbose_name='updated at')),
    ]


def model(name, fields, **options):
    """``CreateModel`` of ``name`` with the implicit ``id`` column first, then ``fields``; ``options`` are its Meta."""
    return migrations.CreateModel(name=name, fields=[primary_key(), *fields], options=options)


def localised_setting(name, verbose_name, verbose_name_plural, safe_text, *, code=None, name_lengths=(50, 50),
                      extra_fields=(), abstract_base=True):
    """``CreateModel`` of a settings table with a code, a Chinese and an English name, an order and an active flag.

    ``safe_text`` is the app's safe-text validator class; ``code`` replaces the default slug field; ``abstract_base``
    says the model inherits the abstract localised-setting base (which records ``'abstract': False``).
    """
    name_length, en_length = name_lengths
    abstract = {'abstract': False} if abstract_base else {}
    return model(name, [
        ('code', code or models.SlugField(max_length=40, unique=True, verbose_name='code')),
        ('name', models.CharField(max_length=name_length, validators=[safe_text()], verbose_name='name (Chinese)')),
        ('name_en', models.CharField(max_length=en_length, validators=[safe_text()], verbose_name='name (English)')),
        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
        ('active', models.BooleanField(default=True, verbose_name='active')),
        *extra_fields,
    ], verbose_name=verbose_name, verbose_name_plural=verbose_name_plural, ordering=['order', 'pk'], **abstract)


def number_counter(name, key_length):
    """``CreateModel`` of a table of named counters (the last number handed out per key)."""
    return model(name, [
        ('key', models.CharField(max_length=key_length, unique=True)),
        ('last', models.PositiveIntegerField(default=0)),
    ])


def approval_parties(user, approver_related_name, employee_related_name):
    """The stamps and the two people of an e-Expense document: the approver it waits for and the employee it is for.

    ``user`` is the user model's reference (``settings.AUTH_USER_MODEL``).
    """
    return [
        *created_updated(),
        ('approver', models.ForeignKey(blank=True, null=True, on_delete=models.PROTECT,
                                       related_name=approver_related_name, to=user, verbose_name='approver')),
        ('employee', models.ForeignKey(on_delete=models.PROTECT, related_name=employee_related_name, to=user,
                                       verbose_name='employee')),
    ]


def ticket_times(created_label, **events):
    """The times of an e-Service ticket: raised (indexed, labelled ``created_label``), updated, then each event
    (``name='label'``, in the order given) as a nullable time the workflow sets."""
    return [
        ('created_at', models.DateTimeField(db_index=True, editable=False, verbose_name=created_label)),
        ('updated_at', models.DateTimeField(editable=False, verbose_name='updated at')),
        *((name, models.DateTimeField(blank=True, editable=False, null=True, verbose_name=label))
          for name, label in events.items()),
    ]


def add_indexes(model_name, *indexes):
    """One ``AddIndex`` operation per index of ``model_name``, in the order given."""
    return [migrations.AddIndex(model_name=model_name, index=index) for index in indexes]
