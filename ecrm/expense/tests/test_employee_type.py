from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from ecrm.common.tests.helpers import make_user
from ecrm.expense.models import EmployeeType


class EmployeeTypeTests(TestCase):
    def test_invalid_characters_message_in_both_languages(self):
        for lang, text in (("zh-hans", "名称只能包含字母、汉字、数字和空格"),
                           ("en", "Name may contain only letters, Chinese characters, digits and spaces")):
            with translation.override(lang):
                with self.assertRaises(ValidationError) as ctx:
                    EmployeeType(name="!@#$%^&*").full_clean()
                self.assertEqual(ctx.exception.message_dict["name"], [text])

    def test_valid_names_and_length(self):
        EmployeeType(name="销售代表 A1").full_clean()
        with self.assertRaises(ValidationError):
            EmployeeType(name="x" * 21).full_clean()
        with self.assertRaises(ValidationError):
            EmployeeType(name="   ").full_clean()

    def test_unique_case_insensitive(self):
        EmployeeType.objects.create(name="Engineer")
        with self.assertRaises(ValidationError):
            EmployeeType(name="engineer").full_clean()

    def test_in_use_cannot_be_deleted(self):
        used = EmployeeType.objects.create(name="经理")
        make_user("erin", employee_type=used)
        with self.assertRaises(ValidationError):
            used.delete()
        free = EmployeeType.objects.create(name="临时")
        free.delete()
        self.assertFalse(EmployeeType.objects.filter(name="临时").exists())
