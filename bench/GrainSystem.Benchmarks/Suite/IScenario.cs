namespace GrainSystem.Benchmarks.Suite;

/// <summary>
/// One scenario of the suite (<c>memory</c>, <c>cache</c>, <c>http</c>, <c>lock</c>, <c>jobs</c>, <c>events</c>, <c>resp</c>): starts
/// what it needs, runs GrainSystem beside its peers in alternating rounds (<see cref="Rounds"/>), adds its rows to the
/// context and stops what it started. Found by reflection, so a feature adds a scenario by adding a class.
/// </summary>
public interface IScenario
{
    /// <summary>The name <c>--only</c> takes; the table lists scenarios in <see cref="Order"/>.</summary>
    string Name { get; }

    int Order { get; }

    Task RunAsync(ScenarioContext context);
}
