from .views import CampaignViewSet, DocumentViewSet, VisitViewSet

__all__ = ["CampaignViewSet", "DocumentViewSet", "VisitViewSet"]
