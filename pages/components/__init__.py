"""Components composed into pages: the screen (address, heading, load), navigation, list view with its data table
and controls, form, details list and audit trail, dialog, toast."""

from pages.components.details import DetailsList, audit_trail
from pages.components.dialog import Dialog
from pages.components.form import Form
from pages.components.nav import MainNav
from pages.components.screen import Screen
from pages.components.table import DataTable, ListControls, ListView, download
from pages.components.toast import Toast

__all__ = ["DataTable", "DetailsList", "Dialog", "Form", "ListControls", "ListView", "MainNav", "Screen", "Toast",
           "audit_trail", "download"]
