// Fixtures start real processes and some tests time failover: run one class at a time, so timings measure the
// product and not contention between tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
