using GrainSystem.Benchmarks;

// dotnet run -c Release --project bench/GrainSystem.Benchmarks -- <scenario> [--option value …]
var scenarios = typeof(IBenchmarkScenario).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchmarkScenario).IsAssignableFrom(t))
    .Select(t => (IBenchmarkScenario)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

var scenario = args.Length > 0 ? scenarios.FirstOrDefault(s => s.Name == args[0]) : null;
if (scenario is null)
{
    Console.Error.WriteLine("usage: GrainSystem.Benchmarks <scenario> [--option value …]");
    foreach (var s in scenarios)
    {
        Console.Error.WriteLine($"  {s.Name,-10} {s.Description}");
    }

    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var report = await scenario.RunAsync(BenchmarkOptions.Parse(args.Skip(1)), cancel.Token);
Console.WriteLine(report.ToMarkdown());
await report.WriteJsonAsync(Path.Combine(Environment.CurrentDirectory, "BenchmarkResults"));
return 0;
