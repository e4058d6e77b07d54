// The fault runs share one cluster and time failovers: one test at a time, so timings measure the product and not
// contention between tests. The checker tests take milliseconds.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
