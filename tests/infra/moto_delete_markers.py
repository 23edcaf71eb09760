"""moto_server.py fix 7: DeleteObjects on a bucket with delete markers, versioning suspended.

    python tests/infra/moto_delete_markers.py scripts/lib/moto_server.py   # exit 0 with the fix

This is what `terraform destroy` does to a versioned bucket with force_destroy after destroying its
aws_s3_bucket_versioning; moto 5.2.x answers it with HTTP 500 unless the fix is applied.
"""

import importlib.util
import sys

import boto3
from moto import mock_aws

spec = importlib.util.spec_from_file_location("moto_fixes", sys.argv[1])  # patches moto on import
spec.loader.exec_module(importlib.util.module_from_spec(spec))

with mock_aws():
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="versioned-bucket")
    s3.put_bucket_versioning(Bucket="versioned-bucket", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="versioned-bucket", Key="k", Body=b"x")
    s3.delete_object(Bucket="versioned-bucket", Key="k")  # leaves a delete marker
    s3.put_bucket_versioning(Bucket="versioned-bucket", VersioningConfiguration={"Status": "Suspended"})
    listing = s3.list_object_versions(Bucket="versioned-bucket")
    versions = listing.get("Versions", []) + listing.get("DeleteMarkers", [])
    objects = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in versions]
    deleted = s3.delete_objects(Bucket="versioned-bucket", Delete={"Objects": objects}).get("Deleted", [])
    s3.delete_bucket(Bucket="versioned-bucket")
    print(f"DeleteObjects deleted {len(deleted)} of {len(objects)} versions; bucket deleted")
