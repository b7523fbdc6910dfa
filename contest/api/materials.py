"""The entrant's materials of an entry over the API: list, upload one, read or delete one.

``GET /api/v1/entries/<id>/materials/`` lists them with what the contest still requires;
``POST /api/v1/entries/<id>/materials/<kind>/`` (multipart ``file``, and ``language`` for
subtitles) uploads one, refused on its declared length before the body is read (413);
``GET``/``DELETE /api/v1/entries/<id>/materials/<material_id>/``. Owner only: anyone else
gets 404, like the entry itself.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFoundError

from ..enums import MaterialKind
from ..forms_materials import MaterialUploadForm
from ..media.material_reasons import describe_material
from ..models import Entry, EntryMaterial
from ..requirements import missing_materials
from ..services.materials import delete_material, upload_material
from ..views.materials import install_size_cap


class MaterialSerializer(serializers.ModelSerializer):
    # A language code (subtitles only); a plain string keeps the schema's language enum the
    # site's languages alone.
    language = serializers.CharField(read_only=True)
    reasons = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = EntryMaterial
        fields = ["id", "kind", "language", "status", "reasons", "original_filename",
                  "size_bytes", "sha256", "file_url", "thumbnail_url", "created_at",
                  "validated_at"]

    def get_reasons(self, material) -> list[dict]:
        return describe_material(material.reasons)

    def _url(self, material, part: str) -> str | None:
        field = material.thumbnail if part == "thumbnail" else material.file
        if not field.name:
            return None
        return self.context["request"].build_absolute_uri(
            reverse(f"contest:material-{part}", kwargs={"material_id": material.pk}))

    def get_file_url(self, material) -> str | None:
        return self._url(material, "file")

    def get_thumbnail_url(self, material) -> str | None:
        return self._url(material, "thumbnail")


class MissingSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class MaterialListSerializer(serializers.Serializer):
    materials = MaterialSerializer(many=True)
    missing = MissingSerializer(many=True)


def _own_entry(request, pk) -> Entry:
    # Anyone else's entry does not exist for this caller.
    entry = get_object_or_404(Entry.objects.select_related("contest"), pk=pk)
    if not request.user.has_perm("contest.own_entry", entry):
        raise NotFoundError(_("Not found."))
    return entry


class EntryMaterialsView(APIView):
    @extend_schema(responses=MaterialListSerializer, operation_id="entry_materials_list")
    def get(self, request, pk: int):
        entry = _own_entry(request, pk)
        materials = list(entry.materials.all())
        data = {"materials": materials,
                "missing": missing_materials(contest=entry.contest, entry=entry,
                                             materials=materials)}
        return Response(MaterialListSerializer(data, context={"request": request}).data)


class EntryMaterialUploadView(APIView):
    def initial(self, request, *args, **kwargs):
        # Before authentication: session authentication's CSRF check reads the body.
        install_size_cap(request._request, kwargs["kind"])
        super().initial(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}, "language": {"type": "string"}}}},
        responses={201: MaterialSerializer})
    def post(self, request, pk: int, kind: str):
        entry = _own_entry(request, pk)
        form = MaterialUploadForm(request.data, request.FILES, kind=MaterialKind(kind))
        if not form.is_valid():
            return Response({"code": "invalid", "message": str(_("Choose a file to upload.")),
                             "fields": form.errors.get_json_data()},
                            status=status.HTTP_400_BAD_REQUEST)
        material = upload_material(entry=entry, by=request.user, kind=kind,
                                   upload=form.cleaned_data["file"],
                                   language=form.cleaned_data.get("language") or "")
        return Response(MaterialSerializer(material, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class EntryMaterialView(APIView):
    def _material(self, request, pk: int, material_id: int) -> EntryMaterial:
        entry = _own_entry(request, pk)
        return get_object_or_404(entry.materials.select_related("entry__contest"),
                                 pk=material_id)

    @extend_schema(responses=MaterialSerializer, operation_id="entry_material_retrieve")
    def get(self, request, pk: int, material_id: int):
        material = self._material(request, pk, material_id)
        return Response(MaterialSerializer(material, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int, material_id: int):
        delete_material(material=self._material(request, pk, material_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
