"""API for direct-to-bucket uploads (S3 multipart with presigned part URLs).

POST   uploads/s3/                  start: {entry, filename, length} -> id, part size, count
POST   uploads/s3/<id>/parts/       presigned URLs for {part_numbers: [...]}
GET    uploads/s3/<id>/parts/       parts already stored (to resume)
POST   uploads/s3/<id>/complete/    assemble the parts into the entry's current video
DELETE uploads/s3/<id>/             abort
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.limits import BIG_INT_MAX
from core.permissions import ObjectPermission

from ...models import Entry
from ...services import s3_uploads
from . import UploadAccess


class StartSerializer(serializers.Serializer):
    entry = serializers.IntegerField(min_value=1, max_value=BIG_INT_MAX)
    filename = serializers.CharField(max_length=255)
    length = serializers.IntegerField(min_value=1, max_value=BIG_INT_MAX)


class StartedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    part_size = serializers.IntegerField()
    part_count = serializers.IntegerField()


class PartNumbersSerializer(serializers.Serializer):
    # S3 numbers the parts of a multipart upload from 1 to 10,000.
    part_numbers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=10_000), max_length=1000)


class PartUrlsSerializer(serializers.Serializer):
    urls = serializers.DictField(child=serializers.URLField())


class PartSerializer(serializers.Serializer):
    part_number = serializers.IntegerField()
    size = serializers.IntegerField()
    etag = serializers.CharField()


class StoredPartsSerializer(serializers.Serializer):
    parts = PartSerializer(many=True)
    offset = serializers.IntegerField()


class CompletedSerializer(serializers.Serializer):
    video = serializers.IntegerField()
    status = serializers.CharField()


class UploadApiView(UploadAccess, APIView):
    permission_classes = [ObjectPermission]


class S3UploadStartView(UploadApiView):
    @extend_schema(request=StartSerializer, responses={201: StartedSerializer})
    def post(self, request):
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = get_object_or_404(
            Entry.objects.select_related("contest"), pk=data.validated_data["entry"]
        )
        self.check_object_permissions(request, entry)
        upload = s3_uploads.start_s3_upload(
            entry=entry,
            by=request.user,
            length=data.validated_data["length"],
            filename=data.validated_data["filename"],
        )
        body = {
            "id": upload.pk,
            "part_size": s3_uploads.part_size_for(upload.length),
            "part_count": s3_uploads.part_count(upload),
        }
        return Response(StartedSerializer(body).data, status=status.HTTP_201_CREATED)


class S3UploadView(UploadApiView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, upload_id):
        s3_uploads.abort_s3_upload(upload_id=upload_id, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class S3UploadPartsView(UploadApiView):
    @extend_schema(request=PartNumbersSerializer, responses={200: PartUrlsSerializer})
    def post(self, request, upload_id):
        data = PartNumbersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        urls = s3_uploads.presign_parts(
            upload_id=upload_id, by=request.user, part_numbers=data.validated_data["part_numbers"]
        )
        return Response({"urls": {str(number): url for number, url in urls.items()}})

    @extend_schema(responses={200: StoredPartsSerializer})
    def get(self, request, upload_id):
        parts = s3_uploads.stored_parts(upload_id=upload_id, by=request.user)
        body = {"parts": parts, "offset": sum(part["size"] for part in parts)}
        return Response(StoredPartsSerializer(body).data)


class S3UploadCompleteView(UploadApiView):
    @extend_schema(request=None, responses={200: CompletedSerializer})
    def post(self, request, upload_id):
        video = s3_uploads.complete_s3_upload(upload_id=upload_id, by=request.user)
        return Response(CompletedSerializer({"video": video.pk, "status": video.status}).data)
