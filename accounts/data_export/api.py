"""``/api/v1/me/data-export/``: ask for a copy of one's data and follow it to the download link.

The same service and rules as the account page. The link in ``download_url`` is the page's
signed link: it opens in a browser signed in as the owner.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import ObjectPermission

from ..models import DataExport
from . import links
from .services import latest_export, request_data_export


class DataExportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DataExport
        fields = ["status", "requested_at", "ready_at", "expires_at", "size_bytes",
                  "download_url"]
        read_only_fields = fields

    def get_download_url(self, export: DataExport) -> str | None:
        return links.download_url(export) if export.is_downloadable else None


class DataExportView(APIView):
    """GET: your latest data export (404 when you never asked). POST: ask for a new one."""

    permission_classes = [ObjectPermission]
    permission_required = "accounts.request_data_export"

    def get_permission_object(self):
        return None

    @extend_schema(responses=DataExportSerializer)
    def get(self, request):
        export = latest_export(user=request.user)
        if export is None:
            raise exceptions.NotFound
        return Response(DataExportSerializer(export).data)

    @extend_schema(request=None, responses={202: DataExportSerializer},
                   description="One export at a time: 409 while one is being prepared or the "
                               "last one is recent. You get an email when it is ready.")
    def post(self, request):
        export = request_data_export(user=request.user)
        return Response(DataExportSerializer(export).data, status=status.HTTP_202_ACCEPTED)
