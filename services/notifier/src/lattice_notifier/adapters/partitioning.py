"""Which partition of the employee-keyed topics an employee lives on (Kafka's default
partitioner: murmur2 of the record key), so the read model can be loaded by partition."""

from __future__ import annotations

from lattice_platform.messaging.kafka import partition_index


def partition_of(employee_id: str, partitions: int) -> int:
    return partition_index(employee_id.encode(), partitions)
