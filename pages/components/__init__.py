"""Components composed into pages: navigation, data table, form, dialog, toast."""

from pages.components.dialog import Dialog
from pages.components.form import Form
from pages.components.nav import MainNav
from pages.components.table import DataTable, ListControls
from pages.components.toast import Toast

__all__ = ["DataTable", "Dialog", "Form", "ListControls", "MainNav", "Toast"]
