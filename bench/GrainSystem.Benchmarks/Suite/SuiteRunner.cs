using System.Diagnostics;

namespace GrainSystem.Benchmarks.Suite;

/// <summary>Runs the chosen scenarios one after the other in this process; a scenario that fails is recorded and the rest still run.</summary>
public static class SuiteRunner
{
    public static IReadOnlyList<IScenario> Scenarios { get; } = typeof(IScenario).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IScenario).IsAssignableFrom(t))
        .Select(t => (IScenario)Activator.CreateInstance(t)!)
        .OrderBy(s => s.Order)
        .ToList();

    public static async Task<SuiteResult> RunAsync(SuiteOptions options, CancellationToken cancellationToken)
    {
        var result = new SuiteResult { Machine = MachineInfo.Read(), Command = options.Command, Profile = options.Profile };
        var settings = new RunSettings(options.Profile);
        var cpu = new CpuMeter();
        var total = Stopwatch.StartNew();
        foreach (var scenario in Scenarios.Where(s => options.Only.Count == 0 || options.Only.Contains(s.Name)))
        {
            var context = new ScenarioContext(scenario.Name, settings, cpu, result, cancellationToken);
            var clock = Stopwatch.StartNew();
            context.Progress("starting");
            try
            {
                await scenario.RunAsync(context);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result.Failures[scenario.Name] = $"{e.GetType().Name}: {e.Message}";
                Console.Error.WriteLine(e);
            }

            result.Durations[scenario.Name] = clock.Elapsed.TotalSeconds;
            context.Progress($"done in {clock.Elapsed.TotalSeconds:0} s");
        }

        result.TotalSeconds = total.Elapsed.TotalSeconds;
        result.LoadAtEnd = MachineInfo.LoadAverage();
        return result;
    }
}
