"""Problem endpoints of docs/api.md."""

from .views import ProblemViewSet

__all__ = ["ProblemViewSet"]
