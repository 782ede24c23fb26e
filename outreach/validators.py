"""Uploaded files are checked by their content and size, not by the name the sender gave them (plan.uploads)."""

from plan.uploads import DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS, SIGNATURES, check_upload

__all__ = ["DOCUMENT_EXTENSIONS", "IMAGE_EXTENSIONS", "SIGNATURES", "check_upload", "validate_document_file",
           "validate_image_file"]


def validate_document_file(file):
    check_upload(file, DOCUMENT_EXTENSIONS)


def validate_image_file(file):
    check_upload(file, IMAGE_EXTENSIONS)
