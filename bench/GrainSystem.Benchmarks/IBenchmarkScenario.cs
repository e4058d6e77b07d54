namespace GrainSystem.Benchmarks;

/// <summary>
/// One benchmark scenario (<c>cache</c>, <c>lock</c>, <c>jobs</c>, <c>memory</c>, …): runs the product and its
/// baseline in the same run, alternating, and reports figures with their ratio. Found by reflection, so a
/// feature adds a scenario by adding a class.
/// </summary>
public interface IBenchmarkScenario
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs the scenario; <paramref name="options"/> holds the <c>--name value</c> pairs after the scenario name.</summary>
    Task<BenchmarkReport> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken);
}
