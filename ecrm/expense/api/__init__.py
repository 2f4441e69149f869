"""e-Expense API (``/api/v1/``): the same rules and permissions as the pages (COM-API-1).

State changes are actions on the records (``POST claims/<id>/submit/`` ...). A refused change answers 400 with
``{"field": [...]}`` or ``{"detail": ...}``; 403 when the user may not do it (own claim, not the approver); 409 when
the record is in the wrong state (already paid, not editable).
"""
from ecrm.expense.api.advances import (
    AdvanceSerializer,
    AdvanceViewSet,
    RepaySerializer,
)
from ecrm.expense.api.approvals import (
    ApprovalInboxView,
    BulkApproveSerializer,
    BulkApproveView,
    PaymentViewSet,
    ReportRowSerializer,
    ReportSerializer,
    ReportView,
)
from ecrm.expense.api.base import (
    ALL_ROLES,
    FINANCE_ROLES,
    STATUS_BY_CODE,
    CommentSerializer,
    DecisionActions,
    ServiceRefused,
    _code_of,
    money_field,
    run,
)
from ecrm.expense.api.claims import (
    ClaimLineSerializer,
    ClaimLineViewSet,
    ClaimSerializer,
    ClaimViewSet,
    NewLineSerializer,
    OffsetSerializer,
    PaymentSerializer,
    PaySerializer,
    _claim_response,
)
from ecrm.expense.api.my_settings import (
    ApproverChoiceSerializer,
    ApproverChoicesView,
    ChangePasswordView,
    MySettingsSerializer,
    MySettingsView,
    PasswordSerializer,
)
from ecrm.expense.api.projects import (
    ProjectSerializer,
    ProjectViewSet,
)
from ecrm.expense.api.routes import (
    router,
    urlpatterns,
)
from ecrm.expense.api.settings import (
    CategorySerializer,
    CategoryViewSet,
    EmployeeTypeSerializer,
    EmployeeTypeViewSet,
    ExpenseSettingsSerializer,
    ExpenseSettingsView,
)

__all__ = [
    "ALL_ROLES",
    "FINANCE_ROLES",
    "STATUS_BY_CODE",
    "ServiceRefused",
    "_code_of",
    "money_field",
    "run",
    "CategorySerializer",
    "CategoryViewSet",
    "EmployeeTypeSerializer",
    "EmployeeTypeViewSet",
    "ExpenseSettingsSerializer",
    "ExpenseSettingsView",
    "ProjectSerializer",
    "ProjectViewSet",
    "ClaimLineSerializer",
    "ClaimLineViewSet",
    "ClaimSerializer",
    "ClaimViewSet",
    "CommentSerializer",
    "DecisionActions",
    "NewLineSerializer",
    "OffsetSerializer",
    "PaySerializer",
    "PaymentSerializer",
    "_claim_response",
    "AdvanceSerializer",
    "AdvanceViewSet",
    "RepaySerializer",
    "ApprovalInboxView",
    "BulkApproveSerializer",
    "BulkApproveView",
    "PaymentViewSet",
    "ReportRowSerializer",
    "ReportSerializer",
    "ReportView",
    "ApproverChoiceSerializer",
    "ApproverChoicesView",
    "ChangePasswordView",
    "MySettingsSerializer",
    "MySettingsView",
    "PasswordSerializer",
    "router",
    "urlpatterns",
]
