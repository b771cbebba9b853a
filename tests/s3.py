"""A local S3-compatible server for the tests: moto's server mode, started once per run on a free port.

``s3_storages(server, bucket)`` is the ``STORAGES`` setting that puts Peixun's files in one of its buckets,
as ``PEIXUN_S3_BUCKET`` does in production (peixun/settings.py); ``objects(server, bucket)`` reads back
what the bucket really holds.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

import boto3

ACCESS_KEY = "peixun-test"
SECRET_KEY = "peixun-test-secret"
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class S3Server:
    endpoint: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def create_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object of ``bucket``, by key, with its bytes."""
        client = self.client()
        listing = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read() for item in listing}

    def environment(self, bucket: str) -> dict[str, str]:
        """The environment that points a Peixun process (an app server, a worker) at ``bucket``."""
        return {
            "PEIXUN_S3_BUCKET": bucket,
            "PEIXUN_S3_ENDPOINT_URL": self.endpoint,
            "PEIXUN_S3_ACCESS_KEY": ACCESS_KEY,
            "PEIXUN_S3_SECRET_KEY": SECRET_KEY,
            "PEIXUN_S3_REGION": REGION,
        }

    def storages(self, bucket: str, base: dict) -> dict:
        """``base`` (the STORAGES setting) with its default storage in ``bucket``, as settings.py makes it."""
        return {
            **base,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": self.endpoint,
                    "access_key": ACCESS_KEY,
                    "secret_key": SECRET_KEY,
                    "region_name": REGION,
                    "signature_version": "s3v4",
                    "file_overwrite": False,
                    "default_acl": None,
                    "querystring_auth": True,
                    "querystring_expire": 60,
                },
            },
        }


def start_server():
    """moto's threaded server on a free port of this machine; returns (server, S3Server)."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server, S3Server(f"http://127.0.0.1:{port}")
