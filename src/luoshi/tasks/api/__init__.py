"""The task endpoints: serializers, filter sets and view sets, one module each."""

from .serializers import TaskSerializer, TaskWriteSerializer
from .views import ExtensionViewSet, TaskViewSet

__all__ = ["ExtensionViewSet", "TaskSerializer", "TaskViewSet", "TaskWriteSerializer"]
