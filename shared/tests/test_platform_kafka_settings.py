from __future__ import annotations

from lattice_platform.messaging import kafka
from lattice_platform.settings import ServiceSettings


def scram() -> ServiceSettings:
    return ServiceSettings.model_validate(
        {
            "service_name": "notifier",
            "kafka_bootstrap_servers": "kafka:9093",
            "kafka_security_protocol": "SASL_SSL",
            "kafka_sasl_mechanism": "SCRAM-SHA-512",
            "kafka_sasl_username": "lattice-notifier",
            "kafka_sasl_password": "s3cret",
        }
    )


async def test_every_kafka_client_connects_with_the_services_own_credentials() -> None:
    options = kafka.connection(scram())
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "lattice-notifier"
    assert options["sasl_plain_password"] == "s3cret"
    assert options["ssl_context"] is not None
    producer = kafka.producer(scram())
    consumer = kafka.consumer(scram(), "lattice.notifier.employees")
    assert producer.client._sasl_plain_username == "lattice-notifier"
    assert consumer._client._security_protocol == "SASL_SSL"


def test_the_password_never_shows_in_the_settings_representation() -> None:
    assert "s3cret" not in repr(scram())


def test_plaintext_by_default_without_credentials() -> None:
    options = kafka.connection(ServiceSettings())
    assert options["security_protocol"] == "PLAINTEXT"
    assert "sasl_mechanism" not in options
    assert "ssl_context" not in options
