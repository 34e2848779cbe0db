"""Which partition of the employee-keyed topics an employee lives on (Kafka's default
partitioner: murmur2 of the record key), so the read model can be loaded by partition."""

from __future__ import annotations

from aiokafka.partitioner import murmur2


def partition_of(employee_id: str, partitions: int) -> int:
    return int((murmur2(employee_id.encode()) & 0x7FFFFFFF) % partitions)
